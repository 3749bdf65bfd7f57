"""The quarterly co-production summary for leadership, for one service or every service in scope.

Top themes with their SPC signals (a theme's rate is the share of feedback that carries it, per
month), the actions taken, the risks still unresolved (overdue actions, open challenges, stalled
loops), people's own words (only from feedback whose giver agreed to be quoted, with personal
details removed, and named only when they agreed to be), and who took part in the quarter's
meetings: people who use services, family carers and advocates, and how they were supported.
"""

from reports.quarterly.actions import actions_taken_section
from reports.quarterly.priorities import priorities_section
from reports.quarterly.quotes import QUOTES, QUOTES_PER_THEME, quotes_section
from reports.quarterly.risks import risks_section
from reports.quarterly.summary import QUOTE_THEMES, TITLE, quarterly_summary
from reports.quarterly.themes import TOP_THEMES, themes_section
from reports.quarterly.took_part import activities_paragraph, activities_table, took_part_section

# The summary is read for a quarter, so its callers may name one from here too.
from reports.quarters import QUARTER, parse_quarter, quarter_key, quarter_start, quarter_words

__all__ = [
    "QUARTER",
    "QUOTES",
    "QUOTES_PER_THEME",
    "QUOTE_THEMES",
    "TITLE",
    "TOP_THEMES",
    "actions_taken_section",
    "activities_paragraph",
    "activities_table",
    "parse_quarter",
    "priorities_section",
    "quarter_key",
    "quarter_start",
    "quarter_words",
    "quarterly_summary",
    "quotes_section",
    "risks_section",
    "themes_section",
    "took_part_section",
]

"""The monthly quality and safety pack, for one service or every service in the acting scope.

From listening: feedback received, Friends and Family Test scores with their XmR chart, urgent flags
and what was done about them (counts only), replies to complaints within the organisation's target
(counts only, `reports.complaint_replies`), and the top themes with the charts of the three most
common. From the governance loop: decisions made in the month with the evidence they cite, actions
opened, closed and overdue (with an XmR chart of actions opened each month), leadership challenges
still open or escalated, and stalled loops. Actions taken are marked on the FFT and theme charts.
"""

from reports.monthly._common import CHART_MONTHS, MIN_CHART_MONTHS
from reports.monthly.listening import feedback_section, fft_section, incidents_and_audits_section, urgent_section
from reports.monthly.loop import action_annotations, loop_sections
from reports.monthly.pack import TITLE, monthly_pack
from reports.monthly.themes import THEMES_CHARTED, TOP_THEMES, theme_trends_section, themes_section

# Other reports draw these too, and import them from where they now live; the pack still names them.
from reports.periods import period_end
from reports.trend_figures import fft_figure, theme_rate_figure

__all__ = [
    "CHART_MONTHS",
    "MIN_CHART_MONTHS",
    "THEMES_CHARTED",
    "TITLE",
    "TOP_THEMES",
    "action_annotations",
    "feedback_section",
    "fft_figure",
    "fft_section",
    "incidents_and_audits_section",
    "loop_sections",
    "monthly_pack",
    "period_end",
    "theme_rate_figure",
    "theme_trends_section",
    "themes_section",
    "urgent_section",
]

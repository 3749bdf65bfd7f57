"""What the monthly pack's sections share: how far back its charts go."""

# The FFT chart covers up to two years to the report month, and never less than a year.
CHART_MONTHS = 24
MIN_CHART_MONTHS = 12

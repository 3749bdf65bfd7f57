"""Theme and sentiment suggestion for free-text feedback (pure scikit-learn, no Django)."""

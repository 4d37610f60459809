"""Defaults for the control workbook's settings: what a new team starts from."""

from __future__ import annotations

from typing import Any

DEFAULT_SETTINGS: dict[str, Any] = {
    "team_name": "",
    "manager_name": "",
    "manager_email": "",
    "region": "",
    "locale": "zh-CN",
    "daily_contact_target": 6,
    "split_mode": "week",
    "stretch": 1.1,
    "challenge_rate": 0.2,
    "rounding_unit": 1000,
    "weight_history": 0.5,
    "weight_ability": 0.2,
    "weight_resources": 0.3,
    "new_hire_ramp": 0.6,
    "smtp_port": 587,
    "smtp_security": "starttls",
    "cc_manager": "yes",
    "max_attachment_mb": 10,
    "rate_per_minute": 20,
    "reclaim_days": 90,
}

# Per star level: days without contact before a customer counts as a churn risk, and the
# visit cycle. A 5-star customer unseen for two weeks is a risk; a 1-star one after 90 days.
STAR_RULES: dict[int, dict[str, int]] = {
    5: {"churn_days": 15, "visit_cycle_days": 7},
    4: {"churn_days": 30, "visit_cycle_days": 14},
    3: {"churn_days": 45, "visit_cycle_days": 30},
    2: {"churn_days": 60, "visit_cycle_days": 45},
    1: {"churn_days": 90, "visit_cycle_days": 60},
}

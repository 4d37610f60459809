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
}

"""Password rules with Vietnamese messages where Django's own catalogue has none.

Django's Vietnamese catalogue lacks the plural forms of the minimum-length error, so an officer choosing a short
password read "This password is too short…" in English. Settings name this validator instead of Django's.
"""

from __future__ import annotations

from django.contrib.auth import password_validation


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return f"Mật khẩu này quá ngắn: cần ít nhất {self.min_length} ký tự."

    def get_help_text(self) -> str:
        return f"Mật khẩu của bạn phải chứa ít nhất {self.min_length} ký tự."

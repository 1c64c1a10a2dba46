"""Text-message backends, chosen by the ``SMS_BACKEND`` settings string (as ``EMAIL_BACKEND`` is for e-mail)."""

"""kcdesk: the desktop tool of Vietnam's khuyến công (industrial extension) programme."""

__version__ = "0.1.0"
APP_NAME = "kcdesk"

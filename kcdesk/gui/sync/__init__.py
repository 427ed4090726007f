"""The Đồng bộ area: sync packages, preview, history, devices and conflict review."""

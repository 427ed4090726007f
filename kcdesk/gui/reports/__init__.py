"""The Báo cáo page: provincial reports with QPainter bar charts and export to Excel."""

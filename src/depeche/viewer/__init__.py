"""The viewer: a self-contained HTML report of a records file (`depeche view`), the same page
served over loopback for dumps too large for one file (`depeche serve`)."""

from depeche.viewer.report import ReportSummary, build_report, write_report

__all__ = ["ReportSummary", "build_report", "write_report"]

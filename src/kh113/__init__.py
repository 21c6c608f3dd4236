"""kh113: track Kế hoạch 113/KH-UBND (Cà Mau) from its text to yearly figures, gaps and reports."""

__version__ = "0.1.0"

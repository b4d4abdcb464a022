"""The store contract (``contract.py``) and the answers it gives (``answers.py``)."""

from graph.store.answers import (
    ChainSummary,
    ChainView,
    CrossFirm,
    CrossLink,
    FirmDetail,
    ParkDetail,
    SegmentDetail,
    StoreInfo,
)
from graph.store.contract import NoDataset, NotFound, Store, StoreUnavailable

__all__ = [
    "ChainSummary", "ChainView", "CrossFirm", "CrossLink", "FirmDetail", "NoDataset", "NotFound", "ParkDetail",
    "SegmentDetail", "Store", "StoreInfo", "StoreUnavailable",
]

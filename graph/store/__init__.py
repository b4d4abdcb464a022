"""The store contract (``contract.py``) and the answers it gives (``answers.py``)."""

from graph.store.answers import (
    ChainOverview,
    ChainSummary,
    ChainView,
    CrossFirm,
    CrossLink,
    FirmDetail,
    ParkDetail,
    SegmentDetail,
    SegmentSummary,
    StoreInfo,
    overview_of,
    picture_order,
)
from graph.store.contract import NoDataset, NotFound, Store, StoreUnavailable

__all__ = [
    "ChainOverview", "ChainSummary", "ChainView", "SegmentSummary", "overview_of", "picture_order", "CrossFirm", "CrossLink", "FirmDetail", "NoDataset", "NotFound", "ParkDetail",
    "SegmentDetail", "Store", "StoreInfo", "StoreUnavailable",
]

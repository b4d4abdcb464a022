"""The store contract (``contract.py``) and the answers it gives (``answers.py``)."""

from graph.store.answers import (
    CandidateFacts,
    ChainOverview,
    ChainSummary,
    ChainView,
    CrossFirm,
    CrossLink,
    FirmDetail,
    ParkDetail,
    SegmentDetail,
    OVERVIEW_FIRMS,
    LocalRule,
    SegmentSummary,
    StoreInfo,
    link_basis,
    overview_of,
    picture_order,
)
from graph.store.contract import NoDataset, NotFound, Store, StoreUnavailable

__all__ = [
    "CandidateFacts", "LocalRule", "OVERVIEW_FIRMS", "link_basis",
    "ChainOverview", "ChainSummary", "ChainView", "SegmentSummary", "overview_of", "picture_order", "CrossFirm", "CrossLink", "FirmDetail", "NoDataset", "NotFound", "ParkDetail",
    "SegmentDetail", "Store", "StoreInfo", "StoreUnavailable",
]

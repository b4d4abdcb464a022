"""崂山区重点产业链图谱 — the Streamlit app. A router: pages live in app_pages/."""

import streamlit as st

from app_pages import common, panorama, parks, search
from app_pages import crosschain, gaps, neighbourhood, targets, whatif
from app_pages import export, present
from graph.words import t

st.set_page_config(page_title=t("app_title"), page_icon=None, layout="wide")

try:
    current = common.store()
    current.info()
except Exception as exc:  # a down server or bad credentials: say so, no traceback
    st.error(f"{t('store_error', common.lang())}: {exc}")
    st.stop()

common.sidebar(current)
pages = [
    st.Page(panorama.page, title=common.tr("page_panorama"), url_path="panorama", default=True),
    st.Page(parks.page, title=common.tr("page_parks"), url_path="parks"),
    st.Page(search.page, title=common.tr("page_search"), url_path="search"),
    st.Page(gaps.page, title=common.tr("page_gaps"), url_path="gaps"),
    st.Page(targets.page, title=common.tr("page_targets"), url_path="targets"),
    st.Page(whatif.page, title=common.tr("page_whatif"), url_path="whatif"),
    st.Page(neighbourhood.page, title=common.tr("page_neighbourhood"), url_path="neighbourhood"),
    st.Page(crosschain.page, title=common.tr("page_crosschain"), url_path="crosschain"),
    st.Page(present.page, title=common.tr("page_present"), url_path="present"),
    st.Page(export.page, title=common.tr("page_export"), url_path="export"),
]
st.navigation(pages).run()

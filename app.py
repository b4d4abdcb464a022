"""崂山区重点产业链图谱 — the Streamlit app. A router: pages live in app_pages/."""

import streamlit as st

from app_pages import common, panorama, parks, search
from app_pages import crosschain, gaps, neighbourhood, targets, whatif
from app_pages import export, history, maintain, present
from graph.words import t
from graph.words.markup import escape_markdown

st.set_page_config(page_title=t("app_title"), page_icon=None, layout="wide", initial_sidebar_state="collapsed")
# Static styling only (no data text): a compact header, so the picture starts high on a 1366×768 screen.
st.html("""<style>
.block-container { padding-top: 3.4rem !important; padding-bottom: 0.5rem !important; }
.block-container h1 { font-size: 1.6rem !important; padding: 0.2rem 0 !important; }
[data-testid="stMetricValue"] { font-size: 1.5rem !important; }
</style>""")

pages = [
    # The default page is served at "/" (Streamlit ignores its url_path); the hidden twin answers /panorama, so
    # a shared link to the panorama opens it instead of a "Page not found" dialog.
    st.Page(panorama.page, title=common.tr("page_panorama"), url_path="home", default=True),
    st.Page(panorama.page, title=common.tr("page_panorama"), url_path="panorama", visibility="hidden"),
    st.Page(parks.page, title=common.tr("page_parks"), url_path="parks"),
    st.Page(search.page, title=common.tr("page_search"), url_path="search"),
    st.Page(gaps.page, title=common.tr("page_gaps"), url_path="gaps"),
    st.Page(targets.page, title=common.tr("page_targets"), url_path="targets"),
    st.Page(whatif.page, title=common.tr("page_whatif"), url_path="whatif"),
    st.Page(neighbourhood.page, title=common.tr("page_neighbourhood"), url_path="neighbourhood"),
    st.Page(crosschain.page, title=common.tr("page_crosschain"), url_path="crosschain"),
    st.Page(present.page, title=common.tr("page_present"), url_path="present"),
    st.Page(export.page, title=common.tr("page_export"), url_path="export"),
    st.Page(history.page, title=common.tr("page_history"), url_path="history"),
    st.Page(maintain.page, title=common.tr("page_maintain"), url_path="maintain"),
]
navigation = st.navigation(pages, position="top")
common.remember_url_choices()
try:
    common.store().info()
except Exception as exc:  # a down server or bad credentials: said inside the page; the navigation stays usable
    st.error(escape_markdown(f"{t('store_error', common.lang())}: {exc}"))
    st.stop()
navigation.run()

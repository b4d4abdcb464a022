"""One source of truth for colours: the app, the pictures and the exports all use it.

Colours are picked to stay distinct on a projector and for the common colour-vision deficiencies
(Okabe–Ito palette).
"""

STAGE_COLOURS = {"upstream": "#0072B2", "midstream": "#009E73", "downstream": "#D55E00"}
LOCAL_FIRM_COLOUR = "#F0E442"  # firms in the district
OUTSIDE_FIRM_COLOUR = "#BBBBBB"  # firms elsewhere (targets, partners)
EMPTY_SEGMENT_BORDER = "#CC0000"  # a segment with no local firm
NEUTRAL = "#888888"  # a stage the palette does not know

# Dark enough for the panorama's white segment text, distinct for the common colour-vision deficiencies,
# and none equal to a stage colour. Missing is near-black: nothing there (the red dashed border marks it too).
GAP_STATUS_COLOURS = {"missing": "#1A1A1A", "single": "#AA3377", "weak": "#997700", "strong": "#007A5A"}

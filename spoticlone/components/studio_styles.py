"""The studio page's styles, local to it (everything under ``.sc-st``).

Phone widths (under 600 px) stack the album builder's song rows: handle, number and
title on top, then the arrows and each field on its own line.
"""

STUDIO_CSS = """
.sc-st { display: flex; flex-direction: column; gap: 20px; max-width: 1100px; }
.sc-st-top { display: flex; gap: 12px; align-items: center; justify-content: space-between; flex-wrap: wrap; }
.sc-st-top h1 { font-size: 32px; font-weight: 800; letter-spacing: -0.03em; margin: 0; }
.sc-st-card { background: var(--sc-bg-elevated); border-radius: var(--sc-radius); padding: 20px;
              display: flex; flex-direction: column; gap: 12px; min-width: 0; }
.sc-st-card h2 { font-size: 20px; font-weight: 800; margin: 0; }
.sc-st-card-head { display: flex; justify-content: space-between; align-items: baseline; gap: 8px; flex-wrap: wrap; }
.sc-st-count { color: var(--sc-muted); font-size: 13px; }
.sc-st-list { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; }
.sc-st-draft { display: grid; grid-template-columns: auto minmax(0, 1fr) auto; gap: 12px; align-items: center;
               padding: 10px 8px; border-radius: 6px; }
.sc-st-draft:hover, .sc-st-rel:hover { background: #232323; }
.sc-st-title { font-weight: 700; overflow-wrap: anywhere; }
.sc-st-meta { color: var(--sc-muted); font-size: 13px; overflow-wrap: anywhere; }
.sc-st-actions { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; justify-content: flex-end; }
.sc-st-pick { width: 20px; height: 20px; accent-color: var(--sc-accent); cursor: pointer; }
.sc-st-new { border: 1px solid var(--sc-accent); }
.sc-st-grid { display: grid; gap: 12px; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); }
.sc-st-rel { display: grid; grid-template-columns: 56px minmax(0, 1fr) auto; gap: 12px; align-items: center;
             padding: 8px; border-radius: 6px; color: inherit; text-decoration: none; }
.sc-st-rel img, .sc-st-rel .sc-placeholder { width: 56px; height: 56px; border-radius: 4px; object-fit: cover; }
.sc-st-rel .sc-placeholder svg { width: 24px; height: 24px; }
.sc-st-badge { font-size: 11px; font-weight: 800; text-transform: uppercase; letter-spacing: .06em;
               padding: 3px 8px; border-radius: 999px; background: #333; color: var(--sc-text); white-space: nowrap; }
.sc-st-is-published { background: rgba(30,215,96,.18); color: var(--sc-accent); }
.sc-st-is-scheduled { background: rgba(80,155,245,.2); color: #8ab8ff; }
.sc-st-is-unpublished { background: rgba(255,107,120,.15); color: #ff6b78; }
.sc-st-hero { display: grid; grid-template-columns: 160px minmax(0, 1fr); gap: 20px; align-items: end; }
.sc-st-hero img, .sc-st-hero .sc-placeholder { width: 160px; height: 160px; border-radius: 6px; object-fit: cover;
                                               box-shadow: 0 8px 24px rgba(0,0,0,.5); }
.sc-st-hero h1 { font-size: 36px; font-weight: 900; margin: 4px 0; overflow-wrap: anywhere; letter-spacing: -0.03em; }
.sc-st-back { color: var(--sc-muted); display: inline-flex; gap: 6px; align-items: center; text-decoration: none; }
.sc-st-back:hover { color: var(--sc-text); }
.sc-st-form { display: grid; gap: 12px; grid-template-columns: repeat(4, minmax(0, 1fr)); align-items: end; }
.sc-st-form .sc-st-wide { grid-column: span 2; }
.sc-st-field { display: flex; flex-direction: column; gap: 6px; min-width: 0; }
.sc-st-field label, .sc-st-label { font-size: 13px; font-weight: 700; color: var(--sc-muted); }
.sc-st select.sc-input, .sc-st input[type="datetime-local"] { color-scheme: dark; }
.sc-st-form .sc-input { height: 44px; box-sizing: border-box; }
.sc-st-form .sc-st-field > .sc-btn { align-self: flex-start; height: 44px; }
.sc-st button:disabled { opacity: .45; cursor: not-allowed; }
.sc-st-track { display: grid;
               grid-template-columns: 24px 28px minmax(0, 2fr) auto minmax(0, 1fr) minmax(0, 1.2fr) auto;
               gap: 10px; align-items: center; padding: 10px 8px; border-bottom: 1px solid #2a2a2a;
               border-top: 2px solid transparent; background: var(--sc-bg-elevated); }
.sc-st-handle { cursor: grab; color: var(--sc-subtle); display: inline-flex; align-items: center;
                justify-content: center; width: 24px; height: 36px; touch-action: none; user-select: none;
                border-radius: 4px; }
.sc-st-handle:hover { color: var(--sc-text); background: #2a2a2a; }
.sc-st-dragging { opacity: .92; box-shadow: 0 10px 30px rgba(0,0,0,.6); position: relative; z-index: 5;
                  cursor: grabbing; background: #2a2a2a; }
.sc-st-drop-before { border-top-color: var(--sc-accent); }
.sc-st-drop-after { border-bottom: 2px solid var(--sc-accent); }
.sc-st-order-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
.sc-st-chips { display: flex; gap: 6px; flex-wrap: wrap; align-items: center; margin-top: 6px; }
.sc-st-chip { display: inline-flex; gap: 4px; align-items: center; background: #2a2a2a; border-radius: 999px;
              padding: 2px 4px 2px 10px; font-size: 12px; }
.sc-st-chip button { background: transparent; border: 0; color: var(--sc-muted); cursor: pointer; border-radius: 999px;
                     width: 22px; height: 22px; display: inline-flex; align-items: center; justify-content: center; }
.sc-st-chip button:hover { color: var(--sc-text); background: #3a3a3a; }
.sc-st-addfeat { display: inline-flex; align-items: center; gap: 4px; white-space: nowrap; background: transparent;
                 border: 1px dashed #555; color: var(--sc-muted); border-radius: 999px;
                 padding: 2px 10px; font-size: 12px; cursor: pointer; }
.sc-st-addfeat:hover { color: var(--sc-text); border-color: var(--sc-text); }
.sc-st-search { display: flex; flex-direction: column; gap: 6px; margin-top: 8px; max-width: 360px; }
.sc-st-results { list-style: none; margin: 0; padding: 4px; background: #1f1f1f; border-radius: 6px;
                 display: flex; flex-direction: column; }
.sc-st-results button { width: 100%; text-align: left; background: transparent; border: 0; color: var(--sc-text);
                        padding: 8px 10px; border-radius: 4px; cursor: pointer; display: flex; gap: 6px;
                        align-items: center; }
.sc-st-results button:hover, .sc-st-results button:focus-visible { background: #333; }
.sc-st-cover { display: grid; grid-template-columns: 140px minmax(0, 1fr); gap: 16px; align-items: start; }
.sc-st-cover-art img, .sc-st-cover-art .sc-placeholder { width: 140px; height: 140px; border-radius: 6px;
                                                         object-fit: cover; }
.sc-st-cover-picks { display: flex; gap: 8px; flex-wrap: wrap; }
.sc-st-cover-pick { background: transparent; border: 2px solid transparent; border-radius: 6px; padding: 0;
                    cursor: pointer; width: 56px; height: 56px; overflow: hidden; }
.sc-st-cover-pick img { width: 100%; height: 100%; object-fit: cover; display: block; }
.sc-st-cover-pick:hover, .sc-st-cover-pick:focus-visible { border-color: var(--sc-accent); }
.sc-st-hint { color: var(--sc-muted); font-size: 13px; margin: 0; }
.sc-st-steps { display: grid; gap: 10px; grid-template-columns: repeat(3, minmax(0, 1fr)); }
.sc-st-step { background: #1f1f1f; border-radius: 8px; padding: 12px; display: flex; gap: 10px; align-items: center;
              font-size: 13px; color: var(--sc-muted); }
.sc-st-step.sc-st-done { color: var(--sc-text); }
.sc-st-step.sc-st-done svg { color: var(--sc-accent); }
.sc-st-rights { background: #1f1f1f; border-radius: 8px; padding: 12px 14px; }
.sc-st-track.sc-st-bad { background: rgba(255,107,120,.08); }
.sc-st-num { color: var(--sc-subtle); text-align: right; font-variant-numeric: tabular-nums; }
.sc-st-move { display: flex; gap: 4px; }
.sc-st-iconbtn { background: #2a2a2a; border: 0; color: var(--sc-text); border-radius: 6px; cursor: pointer;
                 width: 36px; height: 36px; display: inline-flex; align-items: center; justify-content: center; }
.sc-st-iconbtn:hover:not(:disabled) { background: #3a3a3a; }
.sc-st-iconbtn:disabled { opacity: .3; cursor: default; }
.sc-st-iconbtn:focus-visible { outline: 3px solid #fff; outline-offset: 1px; }
.sc-st-small { font-size: 12px; color: var(--sc-muted); display: flex; gap: 8px; flex-wrap: wrap; align-items: center; }
.sc-st-small a { color: var(--sc-muted); }
.sc-st-small a:hover { color: var(--sc-text); }
.sc-st-publish { display: flex; flex-direction: column; gap: 14px; }
.sc-st-row { display: flex; gap: 10px; align-items: end; flex-wrap: wrap; }
.sc-st-danger { display: flex; gap: 10px; flex-wrap: wrap; align-items: center; }
@media (max-width: 900px) {
  .sc-st-form { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  .sc-st-track { grid-template-columns: 24px 24px minmax(0, 1fr) auto; }
  .sc-st-track .sc-st-cell { grid-column: 3 / -1; }
  .sc-st-steps { grid-template-columns: minmax(0, 1fr); }
}
@media (max-width: 600px) {
  .sc-st-top h1 { font-size: 26px; }
  .sc-st-card { padding: 14px; }
  .sc-st-draft { grid-template-columns: auto minmax(0, 1fr); }
  .sc-st-draft .sc-st-actions { grid-column: 1 / -1; justify-content: flex-start; }
  .sc-st-form { grid-template-columns: minmax(0, 1fr); }
  .sc-st-form .sc-st-wide { grid-column: auto; }
  .sc-st-hero { grid-template-columns: 96px minmax(0, 1fr); gap: 14px; }
  .sc-st-hero img, .sc-st-hero .sc-placeholder { width: 96px; height: 96px; }
  .sc-st-hero h1 { font-size: 24px; }
  .sc-st-iconbtn { width: 44px; height: 44px; }
  .sc-st-handle { height: 44px; }
  .sc-st-track { grid-template-columns: 24px 20px minmax(0, 1fr); align-items: start; }
  .sc-st-track .sc-st-num { padding-top: 12px; }
  .sc-st-track .sc-st-move { grid-column: 3 / -1; }
  .sc-st-cover { grid-template-columns: 96px minmax(0, 1fr); }
  .sc-st-cover-art img, .sc-st-cover-art .sc-placeholder { width: 96px; height: 96px; }
}
"""

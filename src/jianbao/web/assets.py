"""The stylesheet and the little script of the browser UI (served from memory: no files on disk)."""

from __future__ import annotations

from jianbao.web.picture import PALETTE, UNASSIGNED

_COLOURS = "\n".join(f".element.c{i}, .listing li.c{i} {{ border-left-color: {c}; }} .c{i} .badge-a {{ background: {c}; }}"
                     for i, c in enumerate(PALETTE)) + f"\n.listing li.cu {{ border-left-color: {UNASSIGNED}; }}"

CSS = """
:root { --ink: #1d1d1f; --muted: #6b6b70; --line: #e3e1da; --paper: #fbfaf6; --accent: #b3261e; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.6 "Noto Sans CJK SC", "WenQuanYi Micro Hei", "PingFang SC", sans-serif;
       color: var(--ink); background: var(--paper); }
header.top { display: flex; gap: 1.2em; align-items: center; padding: .6em 1.5em; background: #fff;
             border-bottom: 3px double var(--line); }
header.top .brand { font-weight: 700; font-size: 1.25em; color: var(--accent); text-decoration: none; }
header.top form.search { flex: 1; display: flex; gap: .4em; max-width: 46em; }
header.top input[type=search] { flex: 1; padding: .45em .7em; font-size: 1em; border: 1px solid #ccc; border-radius: 4px; }
header.top .who { color: var(--muted); font-size: .85em; }
button, .button { padding: .35em .8em; border: 1px solid #bbb; background: #fff; border-radius: 4px; cursor: pointer;
                  font: inherit; font-size: .9em; color: var(--ink); text-decoration: none; }
button.primary { background: var(--accent); color: #fff; border-color: var(--accent); }
button.small { padding: .1em .5em; font-size: .78em; }
main { padding: 1em 1.5em 3em; max-width: 1300px; margin: 0 auto; }
.layout { display: grid; grid-template-columns: 15em 1fr; gap: 2em; }
.facets h3 { font-size: .8em; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin: 1.2em 0 .3em; }
.facets ul { list-style: none; margin: 0; padding: 0; }
.facets li a { display: flex; justify-content: space-between; padding: .1em .3em; color: var(--ink); text-decoration: none; border-radius: 3px; }
.facets li a:hover, .facets li a.on { background: #efe9dc; }
.facets .n { color: var(--muted); font-size: .85em; }
.filters { margin-bottom: .8em; color: var(--muted); font-size: .9em; }
.filters a { margin-right: .6em; }
.hit { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .7em 1em; margin-bottom: .7em; }
.hit h2 { font-size: 1.1em; margin: 0 0 .2em; }
.hit h2 a { color: var(--ink); text-decoration: none; }
.hit h2 a:hover { text-decoration: underline; }
.meta { color: var(--muted); font-size: .85em; }
.meta span + span::before { content: " · "; }
.snippet { margin: .3em 0 0; font-size: .93em; }
mark { background: #ffe27a; padding: 0 .05em; }
.pager { display: flex; gap: .4em; margin-top: 1em; align-items: center; }
.article-grid { display: grid; grid-template-columns: minmax(0, 1fr) 540px; gap: 2em; align-items: start; }
h1.headline { font-size: 1.7em; line-height: 1.3; margin: .2em 0 .3em; }
.element { border-left: 4px solid transparent; padding: .15em .7em; margin: .5em 0; background: #fff; border-radius: 0 4px 4px 0; }
.element .role { display: inline-block; font-size: .72em; color: var(--muted); border: 1px solid var(--line);
                 border-radius: 3px; padding: 0 .4em; margin-right: .4em; vertical-align: middle; }
.element.role-headline, .element.role-kicker, .element.role-subheadline { font-weight: 600; }
.block { border-radius: 2px; }
.block:target, .block.hover { background: #fff3bf; }
.joint { color: var(--accent); font-weight: 700; margin: 0 .15em; }
.tools { display: flex; flex-wrap: wrap; gap: .35em; margin: .3em 0 .2em; font-size: .85em; opacity: .45;
         transition: opacity .15s; }
.element:hover .tools, .tools:focus-within { opacity: 1; }
.tools form { display: inline-flex; gap: .25em; align-items: center; margin: 0; }
.tools select { font-size: .9em; }
aside.picture { position: sticky; top: 1em; }
aside.picture svg { background: #fff; border: 1px solid var(--line); max-width: 100%; height: auto; }
.listing { list-style: none; margin: 0; padding: 0; font-size: .85em; background: #fff; border: 1px solid var(--line); }
.listing li { border-left: 5px solid #ddd; padding: .15em .5em; border-bottom: 1px solid #f1efe9; display: flex; gap: .5em; }
.listing li.faint { opacity: .35; }
.listing .no { color: var(--muted); min-width: 2.2em; }
.listing .ro { font-weight: 700; min-width: 2.6em; }
.badge-a { color: #fff; border-radius: 3px; padding: 0 .35em; font-size: .8em; }
.panel { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .6em 1em; margin: 1em 0; }
.panel h3 { margin: .2em 0 .5em; font-size: 1em; }
.panel form { margin: .3em 0; }
.about dt { font-weight: 600; float: left; clear: left; width: 7.5em; color: var(--muted); }
.about dd { margin: 0 0 .2em 8em; }
.history { font-size: .85em; color: var(--muted); padding-left: 1.2em; margin: .6em 0 0; }
.flash { background: #e8f5e9; border: 1px solid #a5d6a7; padding: .5em 1em; border-radius: 4px; margin-bottom: 1em; }
.error { background: #fdecea; border: 1px solid #f5c2c0; padding: .8em 1em; border-radius: 4px; }
.articles-list li { margin: .2em 0; }
""" + _COLOURS

JS = """
// Hovering a block in the text outlines it in the picture, and the other way round.
(function () {
  function mark(no, on) {
    document.querySelectorAll('[data-block="' + no + '"]').forEach(function (el) {
      if (el.tagName.toLowerCase() === 'rect') { el.setAttribute('stroke-width', on ? '4' : el.dataset.sw || '1'); }
      else { el.classList.toggle('hover', on); }
    });
  }
  document.querySelectorAll('rect[data-block]').forEach(function (r) { r.dataset.sw = r.getAttribute('stroke-width'); });
  document.querySelectorAll('[data-block]').forEach(function (el) {
    el.addEventListener('mouseenter', function () { mark(el.dataset.block, true); });
    el.addEventListener('mouseleave', function () { mark(el.dataset.block, false); });
  });
  document.querySelectorAll('form[data-confirm]').forEach(function (f) {
    f.addEventListener('submit', function (e) { if (!window.confirm(f.dataset.confirm)) { e.preventDefault(); } });
  });
})();
"""

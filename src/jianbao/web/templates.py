"""The HTML pages, as Jinja2 templates kept in this module (so they install with the code)."""

from __future__ import annotations

from jinja2 import DictLoader, Environment, select_autoescape

BASE = """<!doctype html>
<html lang="zh-Hans"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}剪报{% endblock %} · jianbao</title>
<link rel="stylesheet" href="/static/app.css"></head>
<body>
<header class="top">
  <a class="brand" href="/">剪报 jianbao</a>
  <form class="search" action="/" method="get" role="search">
    <input type="search" name="q" value="{{ q.text if q else '' }}" placeholder="搜索 search articles…" maxlength="200" aria-label="search">
    <button class="primary" type="submit">Search</button>
  </form>
  <form method="post" action="/reviewer" class="who">
    <input type="hidden" name="csrf" value="{{ csrf }}">
    <label>reviewer <input name="name" value="{{ reviewer }}" size="10" maxlength="64"></label>
    <button class="small" type="submit">set</button>
  </form>
</header>
<main>{% block main %}{% endblock %}</main>
<script src="/static/app.js"></script>
</body></html>
"""

SEARCH = """{% extends "base.html" %}
{% block title %}{{ q.text or 'Archive' }}{% endblock %}
{% block main %}
<div class="layout">
<nav class="facets" aria-label="facets">
  {% for name, title in [('date', 'Month'), ('place', 'Place'), ('topic', 'Topic'), ('paper', 'Paper')] %}
    {% if result.facets.get(name) %}
    <h3>{{ title }}</h3>
    <ul>{% for f in result.facets[name] %}
      {% set value = f.value if name != 'date' else f.value %}
      <li><a href="{{ facet_url(name, f.value) }}" class="{{ 'on' if facet_on(name, f.value) else '' }}">
        <span>{{ f.name or f.value }}</span><span class="n">{{ f.count }}</span></a></li>
    {% endfor %}</ul>
    {% endif %}
  {% endfor %}
</nav>
<section>
  <div class="filters">{{ result.total }} {{ 'article' if result.total == 1 else 'articles' }}{% if q.text %} for <b>{{ q.text }}</b>{% endif %}
  {% for name in ['date', 'place', 'topic', 'paper'] %}{% if q[name] %}
    · {{ name }}: {{ q[name] }} <a href="{{ facet_url(name, None) }}" aria-label="remove {{ name }}">✕</a>{% endif %}{% endfor %}
  {% if not result.ranked %}<br>More than 20,000 articles match: the most recently stored come first — add a word or a filter to rank them.{% endif %}
  </div>
  {% for h in result.hits %}
  <article class="hit">
    <h2><a href="/article/{{ h.id }}{{ '?q=' ~ (q.text|urlencode) if q.text else '' }}">{% if h.headline %}{{ (h.headline_html or (h.headline|e))|safe }}{% else %}（无标题）{% endif %}</a></h2>
    <div class="meta"><span>{{ h.date or 'no date' }}</span>{% if h.paper %}<span>{{ h.paper }}</span>{% endif %}
      {% if h.topic %}<span>{{ h.topic }}</span>{% endif %}
      {% for p in h.places[:4] %}<span>{{ p.name or p.code }}</span>{% endfor %}
      <span><a href="/page/{{ h.page_id }}">page {{ h.page_id }}</a></span></div>
    <p class="snippet">{{ h.snippet_html|safe }}</p>
  </article>
  {% else %}
  <p>No article matches. Try fewer or shorter words (two characters find every word that contains them).</p>
  {% endfor %}
  {% if result.pages > 1 %}
  <nav class="pager" aria-label="pages">
    {% if q.page > 1 %}<a class="button" href="{{ page_url(q.page - 1) }}">← previous</a>{% endif %}
    <span>page {{ q.page }} of {{ result.pages }}</span>
    {% if q.page < result.pages %}<a class="button" href="{{ page_url(q.page + 1) }}">next →</a>{% endif %}
  </nav>
  {% endif %}
</section>
</div>
{% endblock %}
"""

PICTURE = """{% macro picture(svg, rows) %}
<aside class="picture">
{% if svg %}{{ svg|safe }}
{% else %}
<ul class="listing" aria-label="page blocks">
{% for r in rows %}
  <li class="{{ 'c%d' % r.mark.article if r.mark and r.mark.article is not none else 'cu' }} {{ '' if r.focus else 'faint' }}" data-block="{{ r.block }}">
    <span class="no">#{{ r.block }}</span>
    <span class="ro">{% if r.mark and r.mark.article is not none %}{{ r.mark.article + 1 }}.{{ r.mark.order }}{% else %}–{% endif %}</span>
    <span>{{ r.text }}</span></li>
{% endfor %}
</ul>
{% endif %}
</aside>
{% endmacro %}
"""

REVIEW = """{% macro undo_and_history(page_row, csrf, can_undo, history, article=none) %}
    <form method="post" action="/page/{{ page_row.id }}/undo"><input type="hidden" name="csrf" value="{{ csrf }}"><input type="hidden" name="base" value="{{ page_row.current_version }}">{% if article is not none %}<input type="hidden" name="article" value="{{ article }}">{% endif %}
      <button type="submit" {{ 'disabled' if not can_undo else '' }}>undo last change</button></form>
    <ul class="history">{% for v in history %}<li>v{{ v.number }} {{ v.action }} by {{ v.author }} at {{ v.created_at }}</li>{% endfor %}</ul>
{% endmacro %}
"""

ARTICLE = """{% extends "base.html" %}
{% from "picture.html" import picture %}
{% from "review.html" import undo_and_history %}
{% block title %}{{ art.headline or '（无标题）' }}{% endblock %}
{% block main %}
{% if flash %}<div class="flash">{{ flash }} — stored as version {{ page_row.version }}; “undo last change” takes it back.</div>{% endif %}
<div class="article-grid">
<section>
  <div class="meta"><span>{{ art.date or 'no date' }}</span>{% if art.paper %}<span>{{ art.paper }}</span>{% endif %}
    <span><a href="/page/{{ page_row.id }}">page {{ page_row.id }} · {{ page_row.name }}</a></span>
    <span>article {{ art.label }}</span>
    <span>version {{ version.number }} by {{ version.author }}, {{ version.created_at }}</span></div>
  <h1 class="headline">{{ art.headline or '（无标题）' }}</h1>
  {% if about %}<dl class="about">{% for k, v in about %}<dt>{{ k }}</dt><dd>{{ v }}</dd>{% endfor %}</dl>{% endif %}
  {% for el in elements %}
  <div class="element role-{{ el.role }} c{{ colour }}" id="e{{ loop.index0 }}">
    <span class="role">{{ el.role }}</span>
    {% for b in el.blocks %}{% if not loop.first %}<span class="joint" title="joined blocks">⁞</span>{% endif %}<span class="block" id="b{{ b.no }}" data-block="{{ b.no }}">{{ b.html|safe }}</span>{% endfor %}
    <div class="tools">
      <form method="post" action="/page/{{ page_row.id }}/edit">{{ hidden('role') }}<input type="hidden" name="block" value="{{ el.blocks[0].no }}">
        <select name="role" aria-label="role">{% for r in roles %}<option value="{{ r }}" {{ 'selected' if r == el.role else '' }}>{{ r }}</option>{% endfor %}</select>
        <button class="small" type="submit">set role</button></form>
      {% if not loop.first %}<form method="post" action="/page/{{ page_row.id }}/edit">{{ hidden('split') }}<input type="hidden" name="article" value="{{ art.label }}"><input type="hidden" name="at" value="{{ loop.index0 }}">
        <button class="small" type="submit">new article from here</button></form>{% endif %}
      {% if not loop.last %}<form method="post" action="/page/{{ page_row.id }}/edit">{{ hidden('join') }}<input type="hidden" name="block" value="{{ el.blocks[0].no }}">
        <button class="small" type="submit">join with next</button></form>{% endif %}
      {% for b in el.blocks %}{% if not loop.first %}<form method="post" action="/page/{{ page_row.id }}/edit">{{ hidden('unjoin') }}<input type="hidden" name="block" value="{{ b.no }}">
        <button class="small unjoin" type="submit" data-unjoin="{{ b.no }}">unjoin at #{{ b.no }}</button></form>{% endif %}{% endfor %}
      {% for b in el.blocks %}<form method="post" action="/page/{{ page_row.id }}/edit">{{ hidden('move') }}<input type="hidden" name="block" value="{{ b.no }}">
        <select name="to" aria-label="move block {{ b.no }} to">{% for o in others %}<option value="{{ o.label }}">{{ o.label }} · {{ (o.headline or '（无标题）')[:14] }}</option>{% endfor %}<option value="new">a new article</option><option value="unassigned">outside articles</option></select>
        <button class="small" type="submit">move #{{ b.no }}</button></form>{% endfor %}
    </div>
  </div>
  {% endfor %}
  <div class="panel" id="review">
    <h3>Review this article</h3>
    <form method="post" action="/page/{{ page_row.id }}/edit">{{ hidden('headline') }}<input type="hidden" name="article" value="{{ art.label }}">
      <label>headline <input name="text" value="{{ art.headline or '' }}" size="36" maxlength="300"></label> <button type="submit">fix headline</button></form>
    {% if others %}<form method="post" action="/page/{{ page_row.id }}/edit">{{ hidden('merge') }}<input type="hidden" name="into" value="{{ art.label }}">
      <label>merge <select name="other">{% for o in others %}<option value="{{ o.label }}">{{ o.label }} · {{ (o.headline or '（无标题）')[:20] }}</option>{% endfor %}</select> into this article</label>
      <button type="submit">merge</button></form>{% endif %}
    {{ undo_and_history(page_row, csrf, can_undo, history, art.label) }}
  </div>
</section>
{{ picture(svg, rows) }}
</div>
{% endblock %}
"""

PAGE = """{% extends "base.html" %}
{% from "picture.html" import picture %}
{% from "review.html" import undo_and_history %}
{% block title %}page {{ page_row.name }}{% endblock %}
{% block main %}
{% if flash %}<div class="flash">{{ flash }} — stored as version {{ page_row.version }}; “undo last change” takes it back.</div>{% endif %}
<div class="article-grid">
<section>
  <div class="meta"><span>{{ page_row.date or 'no date' }}</span>{% if page_row.paper %}<span>{{ page_row.paper }}</span>{% endif %}
    <span>{{ page_row.path }}</span><span>sha256 {{ page_row.sha256[:12] }}</span>
    <span>ingested {{ page_row.ingested_at }} by {{ page_row.ingested_by }}</span></div>
  <h1 class="headline">{{ page_row.name }}</h1>
  <ol class="articles-list">{% for a in articles %}
    <li class="element c{{ loop.index0 % ncolours }}"><span class="badge-a">{{ loop.index }}</span>
      <a href="/article/{{ a.id }}">{{ a.headline or '（无标题）' }}</a> <span class="meta">{{ a.label }}{% if a.continues %} · continues{% endif %}</span></li>
  {% endfor %}</ol>
  {% if unassigned %}<p class="meta">Outside articles: {% for u in unassigned %}#{{ u.blocks|join(',#') }} ({{ u.role }}){{ ', ' if not loop.last }}{% endfor %}</p>{% endif %}
  <div class="panel">
    <h3>Review</h3>
    <form method="post" action="/page/{{ page_row.id }}/edit">{{ hidden('checked') }}<button type="submit">mark page as checked</button></form>
    {{ undo_and_history(page_row, csrf, can_undo, history) }}
  </div>
</section>
{{ picture(svg, rows) }}
</div>
{% endblock %}
"""

ERROR = """{% extends "base.html" %}
{% block title %}{{ status }}{% endblock %}
{% block main %}<div class="error"><b>{{ status }}</b> — {{ message }}</div>
<p><a href="{{ back or '/' }}">back</a></p>{% endblock %}
"""

ENV = Environment(
    loader=DictLoader({"base.html": BASE, "search.html": SEARCH, "article.html": ARTICLE, "page.html": PAGE,
                       "picture.html": PICTURE, "review.html": REVIEW, "error.html": ERROR}),
    autoescape=select_autoescape(default=True, default_for_string=True),
)

"""Reading a summary's (or a monthly series') answer in a test: a figure by its path, the
counts of many figures, and each figure's ``link`` followed to the list it names.

A path walks the answer's keys (``("hazards", "major", "found")``); where the answer holds
a breakdown (a list of items, each with one choice as ``{"value": ..., "label": ...}``), the
next step is that choice's value (``("hazards", "by_month", 7)``,
``("projects_by_stage", "planning")``): exactly one item must have it.
"""


def _breakdown_item(items, value):
    found = [item for item in items
             if any(isinstance(field, dict) and field.get("value") == value
                    for field in item.values())]
    assert len(found) == 1, f"{len(found)} items of the breakdown have {value!r}: {items}"
    return found[0]


def figure(body, path):
    """The figure at ``path`` in the answer ``body``."""
    for step in path:
        body = _breakdown_item(body, step) if isinstance(body, list) else body[step]
    return body


def counts(body, paths):
    """``{path: count}`` of the figures at ``paths``: compare it with the counts by hand."""
    return {path: figure(body, path)["count"] for path in paths}


def linked_counts(client, body, paths, *, prefix="http://testserver/api/v1/"):
    """``{path: count}`` of the lists the figures at ``paths`` link to, each link followed
    with ``client``; every link must begin with ``prefix`` and answer 200."""
    listed = {}
    for path in paths:
        link = figure(body, path)["link"]
        assert link.startswith(prefix), link
        response = client.get(link)
        assert response.status_code == 200, link
        listed[path] = response.json()["count"]
    return listed


def nonzero_months(series, keys):
    """``{key: {month: count}}`` of the months with a count, per series ``key``."""
    return {key: {month["month"]: month["count"] for month in series[key] if month["count"]}
            for key in keys}


def follow_months(client, months, *, length=12):
    """Follow each month's link of a series (``length`` months): its list must count the
    month's figure. The lists' answers, month by month, for what else a test compares."""
    assert len(months) == length, [month["month"] for month in months]
    answers = []
    for month in months:
        response = client.get(month["link"])
        assert response.status_code == 200, month["link"]
        answer = response.json()
        assert answer["count"] == month["count"], month["link"]
        answers.append(answer)
    return answers


def captions(answer):
    """Every caption in an answer, however deep."""
    if isinstance(answer, dict):
        own = [answer["caption"]] if isinstance(answer.get("caption"), str) else []
        return own + [caption for value in answer.values() for caption in captions(value)]
    if isinstance(answer, list):
        return [caption for value in answer for caption in captions(value)]
    return []


def answer(client, url, params):
    """The summary's (or series') answer to ``params``, which must be a 200."""
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()

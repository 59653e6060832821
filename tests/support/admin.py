"""The admin as a browser uses it."""

from html.parser import HTMLParser

from django.conf import settings


def admin_browser(client, user, language="en"):
    """Django's test ``client`` logged in as ``user``; the admin follows the language
    switch (its cookie), not the browser's language."""
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def admin_form_data(response):
    """The POST data a browser would send back from an admin change or add page.

    Reads every input, select and textarea of the page's main form (hidden fields such as
    ``loaded_version`` and the inline management forms included), so that a test changes
    only the fields it names.
    """
    class FormParser(HTMLParser):
        def __init__(self):
            super().__init__()
            self.data, self.in_form, self.select, self.textarea = {}, False, None, None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "form" and attrs.get("id", "").endswith("_form"):
                self.in_form = True
            if not self.in_form or "disabled" in attrs:
                return
            name = attrs.get("name")
            if tag == "input" and name and "__prefix__" not in name:
                kind = attrs.get("type", "text")
                if kind in ("submit", "button", "file"):
                    return
                if kind in ("checkbox", "radio"):
                    if "checked" in attrs:
                        self.data[name] = attrs.get("value", "on")
                    return
                self.data[name] = attrs.get("value", "")
            elif tag == "select" and name and "__prefix__" not in name:
                self.select = name
                self.data.setdefault(name, "")
            elif tag == "option" and self.select and "selected" in attrs:
                self.data[self.select] = attrs.get("value", "")
            elif tag == "textarea" and name and "__prefix__" not in name:
                self.textarea = name
                self.data[name] = ""

        def handle_endtag(self, tag):
            if tag == "form":
                self.in_form = False
            elif tag == "select":
                self.select = None
            elif tag == "textarea":
                self.textarea = None

        def handle_data(self, data):
            if self.textarea:
                # Browsers drop the newline that follows <textarea>.
                self.data[self.textarea] += data.removeprefix("\n") \
                    if not self.data[self.textarea] else data

    parser = FormParser()
    parser.feed(response.content.decode())
    return parser.data

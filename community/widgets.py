"""Form widgets that render fast where Django's templates are slow."""

from html import escape

from django import forms
from django.utils.html import format_html
from django.utils.safestring import mark_safe


class PlainSelect(forms.Select):
    """A select that writes its options in Python.

    Django renders each option through two templates (``select_option.html``
    and ``attrs.html``); on a list of the whole catalog or all categories that
    was most of a page's time. The HTML is what those templates write, minus
    the blank line between options. Groups of options are not supported.
    """

    def option_attrs(self, value: str) -> str:
        """Return extra attributes of the option with ``value`` (escaped HTML)."""
        return ""

    def render(self, name, value, attrs=None, renderer=None):
        """Return the select with its options, without a template per option."""
        attrs = self.build_attrs(self.attrs, attrs)
        chosen = set(self.format_value(value))
        has_selected = False
        options = []
        for option_value, option_label in self.choices:
            option_value = "" if option_value is None else str(option_value)
            # As Select: only the first option with the value is selected.
            selected = not has_selected and option_value in chosen
            has_selected = has_selected or selected
            options.append(
                f'\n  <option value="{escape(option_value)}"'
                f"{' selected' if selected else ''}{self.option_attrs(option_value)}"
                f">{escape(str(option_label))}</option>"
            )
        return mark_safe(  # noqa: S308 (every part above is escaped)
            format_html('<select name="{}"{}>', name, attrs_html(attrs))
            + "".join(options)
            + "\n</select>"
        )


def attrs_html(attrs: dict) -> str:
    """Write attributes as ``django/forms/widgets/attrs.html`` does, in order."""
    return mark_safe(  # noqa: S308 (format_html escapes each name and value)
        "".join(
            format_html(" {}", name)
            if value is True
            else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


class CheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes written in Python, as ``PlainSelect`` writes a select.

    Named as Django's, so ``BoundField.widget_type`` stays
    ``checkboxselectmultiple`` (``includes/form.html`` puts it in a fieldset).

    Django renders each box through four templates; a list of every unpaid
    order made that most of the page's time. The HTML is what the templates
    write, minus blank lines. Groups of options are not supported.
    """

    def render(self, name, value, attrs=None, renderer=None):
        """Return the boxes in their ``<div>``, without a template per box."""
        attrs = self.build_attrs(self.attrs, attrs)
        chosen = set(self.format_value(value))
        outer_id = attrs.get("id")
        boxes = []
        for index, (option_value, option_label) in enumerate(self.choices):
            option_value = "" if option_value is None else str(option_value)
            box_attrs = dict(attrs)
            if option_value in chosen:
                box_attrs["checked"] = True
            if outer_id:
                box_attrs["id"] = self.id_for_label(outer_id, index)
            label_for = (
                format_html(' for="{}"', box_attrs["id"]) if "id" in box_attrs else ""
            )
            boxes.append(
                format_html(
                    '<div>\n    <label{}><input type="{}" name="{}" value="{}"{}>'
                    "\n {}</label>\n</div>",
                    label_for,
                    self.input_type,
                    name,
                    option_value,
                    attrs_html(box_attrs),
                    option_label,
                )
            )
        css_class = attrs.get("class")
        return mark_safe(  # noqa: S308 (every part above is escaped)
            format_html(
                "<div{}{}>",
                format_html(' id="{}"', outer_id) if outer_id else "",
                format_html(' class="{}"', css_class) if css_class else "",
            )
            + "".join(boxes)
            + "\n</div>"
        )


class PlainInputMixin:
    """Write an ``<input>`` as ``django/forms/widgets/input.html`` does."""

    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        return mark_safe(  # noqa: S308 (format_html escapes every part)
            format_html('<input type="{}" name="{}"', self.input_type, name)
            + (format_html(' value="{}"', value) if value is not None else "")
            + attrs_html(self.build_attrs(self.attrs, attrs))
            + ">"
        )


class TextInput(PlainInputMixin, forms.TextInput):
    """A text box without a template (its ``widget_type`` stays ``text``)."""


class NumberInput(PlainInputMixin, forms.NumberInput):
    """A number box without a template (its ``widget_type`` stays ``number``)."""


class Textarea(forms.Textarea):
    """A text area written as ``django/forms/widgets/textarea.html`` does."""

    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        return format_html(
            '<textarea name="{}"{}>\n{}</textarea>',
            name,
            attrs_html(self.build_attrs(self.attrs, attrs)),
            value or "",
        )

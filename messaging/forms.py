from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class MessageForm(forms.Form):
    """A message: text (plain, escaped when shown) and/or one image. The
    phrasebook fills `body` and sets `phrase_key` in the browser."""

    body = forms.CharField(
        label=_("Message"),
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3, "data-testid": "message-body"}),
    )
    image = forms.FileField(
        label=_("Attach a photo (JPEG or PNG)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png", "data-testid": "message-image"}),
    )
    phrase_key = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The length rule itself is the service's (messaging.services), one place for HTML and API.
        self.fields["body"].widget.attrs["maxlength"] = settings.CARAVAN_MESSAGE_MAX_CHARS

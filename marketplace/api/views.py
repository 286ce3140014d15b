from django.conf import settings
from django.contrib.auth import authenticate
from django_countries.serializer_fields import CountryField
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace import services
from marketplace.errors import DomainError
from marketplace.selectors import exchange_rates_current_rows

from .examples import ERROR_400, error_example, error_response
from .fields import StrictCountryField

ERROR_429_AUTH = error_response(
    "Too many requests from this address (sign-up and token share one allowance; see `Retry-After`), "
    "or, for a token, too many failed log-ins (code `locked_out`)."
)


class UserOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    full_name = serializers.CharField()
    language = serializers.CharField()
    currency = serializers.CharField()
    country = CountryField(country_dict=False, allow_blank=True)
    date_joined = serializers.DateTimeField()


class SignUpApi(APIView):
    """Create a buyer account and return it with an API token."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_scope = "auth"

    class InputSerializer(serializers.Serializer):
        email = serializers.EmailField()
        password = serializers.CharField(write_only=True, style={"input_type": "password"})
        full_name = serializers.CharField(required=False, allow_blank=True, max_length=150, default="")
        language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)
        currency = serializers.ChoiceField(choices=settings.CARAVAN_DISPLAY_CURRENCIES, required=False)
        country = StrictCountryField(required=False, allow_blank=True)

    class OutputSerializer(serializers.Serializer):
        user = UserOutputSerializer()
        token = serializers.CharField()

    @extend_schema(
        request=InputSerializer,
        responses={201: OutputSerializer, 400: ERROR_400, 429: ERROR_429_AUTH},
        examples=[
            OpenApiExample(
                "A buyer in Brazil",
                value={
                    "email": "ana@example.com",
                    "password": "a long passphrase",
                    "language": "pt-br",
                    "currency": "BRL",
                    "country": "BR",
                },
                request_only=True,
            )
        ],
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.user_sign_up(**data.validated_data)
        token, _ = Token.objects.get_or_create(user=user)
        return Response(self.OutputSerializer({"user": user, "token": token.key}).data, status=status.HTTP_201_CREATED)


class TokenObtainApi(APIView):
    """Exchange email and password for an API token (throttled like the log-in form)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_scope = "auth"

    class InputSerializer(serializers.Serializer):
        email = serializers.EmailField()
        password = serializers.CharField(write_only=True, style={"input_type": "password"})

    class OutputSerializer(serializers.Serializer):
        token = serializers.CharField()

    @extend_schema(
        request=InputSerializer,
        responses={200: OutputSerializer, 400: ERROR_400, 429: ERROR_429_AUTH},
        examples=[
            error_example(
                "Wrong password", 400, "invalid", "The email address or password is not correct.", field="password"
            ),
            error_example(
                "Locked out",
                429,
                "locked_out",
                "Too many failed log-in attempts. Try again in an hour, or reset your password.",
            ),
        ],
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request._request, username=data.validated_data["email"], password=data.validated_data["password"]
        )
        if user is None:
            # A throttled account never gets here: django-axes answers 429 first.
            raise DomainError("The email address or password is not correct.", field="password")
        token, _ = Token.objects.get_or_create(user=user)
        return Response(self.OutputSerializer({"token": token.key}).data)


class MeApi(APIView):
    """Read or change the logged-in person's display preferences."""

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        full_name = serializers.CharField(required=False, allow_blank=True, max_length=150)
        language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)
        currency = serializers.ChoiceField(choices=settings.CARAVAN_DISPLAY_CURRENCIES, required=False)
        country = StrictCountryField(required=False, allow_blank=True)

    @extend_schema(responses={200: UserOutputSerializer})
    def get(self, request):
        return Response(UserOutputSerializer(request.user).data)

    @extend_schema(
        request=InputSerializer,
        responses={200: UserOutputSerializer, 400: ERROR_400},
        examples=[
            OpenApiExample(
                "Switch to Russian and roubles", value={"language": "ru", "currency": "RUB"}, request_only=True
            ),
            error_example(
                "Unknown country",
                400,
                "invalid",
                'country: "-58800" is not a valid choice.',
                {"country": ['"-58800" is not a valid choice.']},
            ),
        ],
    )
    def patch(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.user_profile_update(user=request.user, **data.validated_data)
        return Response(UserOutputSerializer(user).data)


class ExchangeRateListApi(APIView):
    """The current exchange rates, as units per one EUR, with their source and date."""

    permission_classes = [AllowAny]

    class OutputSerializer(serializers.Serializer):
        currency = serializers.CharField()
        base_currency = serializers.CharField()
        rate = serializers.DecimalField(max_digits=24, decimal_places=10, coerce_to_string=True)
        source = serializers.CharField()
        effective_date = serializers.DateField()
        fetched_at = serializers.DateTimeField()

    @extend_schema(responses={200: OutputSerializer(many=True)})
    def get(self, request):
        return Response(self.OutputSerializer(exchange_rates_current_rows(), many=True).data)

"""The catalogue API: catalogue (public), seller (a store's own listings),
translations (the seller's own translations of a listing); shared fields,
serializers, access and OpenAPI examples beside them."""

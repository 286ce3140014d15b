app_name = "seller_listings"

urlpatterns: list = []

from roviec.core.scoping import scope_for


def navigation(request):
    """What the navigation bar needs: the user's scope, without a query per link."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"user_scope": scope_for(user)}

def account(request):
    """The signed-in user's account (role, regions) for every page's header."""
    user = getattr(request, "user", None)
    return {"account": getattr(user, "account", None) if user is not None and user.is_authenticated else None}

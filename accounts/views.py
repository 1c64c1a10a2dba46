from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def home(request):
    """Where a physician or staff member lands after logging in."""
    return render(request, "accounts/home.html")

from django.shortcuts import render


def practice_home(request):
    return render(request, "profiles/practice_home.html")

"""Demo practice and physicians' profiles for `manage.py seed_demo` (and the web benchmark). Idempotent."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image, ImageDraw

from . import images
from .models import Location, PhysicianProfile, Practice, ProfileRevision, Term

PRACTICE = {
    "name": "Riverside Family Practice",
    "tagline": "Family and internal medicine for every age, in two neighborhood offices.",
    "description": "We are a small group practice caring for children and adults.\n\n"
                   "New patients are welcome: ask us to contact you, or call during opening hours.",
    "phone": "+1 555 0100 200",
    "public_email": "frontdesk@riverside-practice.example",
    "booking_instructions": "Call the front desk during opening hours to book, change or cancel an appointment.\n"
                            "Please bring your insurance card and a list of your medicines.",
    "urgent_care_guidance": "For an urgent problem that is not life-threatening, call us: we keep same-day slots. "
                            "Outside our hours, go to an urgent care center.",
}
LOCATIONS = [
    {"slug": "main-street", "name": "Main Street office", "street_address": "200 Main Street, Suite 3",
     "locality": "Springfield", "region": "IL", "postal_code": "62701",
     "opening_hours": "Mo-Fr 08:00-17:30\nSa 09:00-12:00", "position": 1},
    {"slug": "riverside", "name": "Riverside office", "street_address": "45 River Road",
     "locality": "Springfield", "region": "IL", "postal_code": "62704",
     "opening_hours": "Mo,We,Fr 09:00-17:00", "position": 2},
]
SPECIALTIES = ["Family Medicine", "Internal Medicine", "Pediatrics", "Geriatrics", "Sports Medicine",
               "Women's Health"]
LANGUAGES = ["English", "Spanish", "Mandarin", "French", "Yoruba", "Portuguese"]
PROFILES = [
    {"name": "Avery Chen", "credentials": "MD", "specialties": ["Family Medicine", "Sports Medicine"],
     "languages": ["English", "Mandarin"], "locations": ["main-street"],
     "board_certifications": "American Board of Family Medicine\nSports Medicine (CAQ)",
     "education": "MD, University of Illinois College of Medicine\nResidency, Family Medicine, Rush University",
     "bio": "Dr. Chen looks after **whole families**, from newborn checks to sports injuries.\n\n"
            "- Preventive care and vaccinations\n- Sports and exercise injuries\n- Long-term conditions"},
    {"name": "Jordan Okafor", "credentials": "DO, FACP", "specialties": ["Internal Medicine", "Geriatrics"],
     "languages": ["English", "Yoruba", "French"], "locations": ["main-street", "riverside"],
     "board_certifications": "American Board of Internal Medicine",
     "education": "DO, Chicago College of Osteopathic Medicine\nResidency, Internal Medicine, Loyola University",
     "bio": "Dr. Okafor cares for adults with *several health conditions at once*, and for older patients "
            "who want to stay independent at home."},
]
_PALETTE = [(11, 94, 115), (112, 66, 140), (26, 118, 72), (160, 82, 45), (52, 84, 160), (150, 50, 80)]


def demo_photo(initials: str, index: int = 0) -> SimpleUploadedFile:
    """A drawn portrait placeholder (nothing downloaded), passed through the same cleaning as an upload."""
    color = _PALETTE[index % len(_PALETTE)]
    image = Image.new("RGB", (600, 750), tuple(min(255, c + 150) for c in color))
    draw = ImageDraw.Draw(image)
    draw.ellipse((190, 150, 410, 370), fill=color)
    draw.ellipse((90, 420, 510, 900), fill=color)
    draw.text((300, 585), initials, fill=(255, 255, 255), anchor="mm", font_size=96)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile(f"{initials}.png", buffer.getvalue(), content_type="image/png")


def ensure_practice() -> Practice:
    practice = Practice.objects.order_by("pk").first() or Practice.objects.create(**PRACTICE)
    for values in LOCATIONS:
        Location.objects.get_or_create(slug=values["slug"], defaults={**values, "practice": practice})
    for kind, names in ((Term.Kind.SPECIALTY, SPECIALTIES), (Term.Kind.LANGUAGE, LANGUAGES)):
        for name in names:
            Term.objects.get_or_create(kind=kind, slug=_slug(name), defaults={"name": name})
    return practice


def _slug(name: str) -> str:
    from django.utils.text import slugify

    return slugify(name.replace("'", ""))


def publish_demo_profile(account, values: dict, *, practice: Practice, index: int) -> PhysicianProfile:
    """Create (once) and publish a profile for ``account`` from ``values``."""
    existing = PhysicianProfile.objects.filter(account=account).first()
    if existing:
        return existing
    from .actions import unique_slug

    initials = "".join(part[0] for part in values["name"].split()[:2])
    profile = PhysicianProfile.objects.create(
        account=account, practice=practice, slug=unique_slug(values["name"]), name=values["name"],
        credentials=values["credentials"], board_certifications=values["board_certifications"],
        education=values["education"], bio=values["bio"], is_published=True,
        accepting_new_patients=index % 4 != 3,
        photo=images.clean_image(demo_photo(initials, index)),
    )
    slugs = [_slug(n) for n in values["specialties"] + values["languages"]]
    profile.terms.set(Term.objects.filter(slug__in=slugs))
    profile.locations.set(Location.objects.filter(slug__in=values["locations"]))
    ProfileRevision.objects.create(profile=profile, via="seed", changes={"is_published": [None, True]})
    return profile


def seed(accounts: dict) -> None:
    """Create the demo practice and publish a profile for each demo physician (idempotent)."""
    with transaction.atomic():
        practice = ensure_practice()
        for index, (account, values) in enumerate(zip(accounts["physicians"], PROFILES, strict=False)):
            publish_demo_profile(account, values, practice=practice, index=index)
        seed_posts(practice)
    from . import pagecache

    transaction.on_commit(lambda: pagecache.invalidate(pagecache.SITE_GROUP))


POSTS = [
    {"author": "Avery Chen", "title": "Getting ready for flu season", "image_alt": "A drawn vaccine vial and syringe",
     "body": "Flu season usually starts in October. A yearly vaccine is the best protection for **everyone "
             "older than six months**.\n\n- Wash your hands often\n- Stay home when you have a fever\n"
             "- Ask us about the vaccine at your next visit"},
    {"author": "Jordan Okafor", "title": "Keeping track of several medicines",
     "body": "Many adults take five or more medicines a day. Bring *all of them*, including vitamins and "
             "herbal products, to your next appointment so we can check how they work together.\n\n"
             "A simple written list, kept in your wallet, helps in an emergency too."},
]


def demo_card(index: int = 0) -> SimpleUploadedFile:
    """A drawn 1200×630 card (a vial and a syringe), cleaned on upload like any post image."""
    color = _PALETTE[index % len(_PALETTE)]
    image = Image.new("RGB", (1400, 735), tuple(min(255, c + 170) for c in color))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((560, 180, 720, 560), radius=24, fill=color)
    draw.rectangle((580, 140, 700, 190), fill=(90, 90, 90))
    draw.rectangle((800, 330, 1180, 380), fill=color)
    draw.polygon([(1180, 345), (1260, 355), (1180, 365)], fill=(90, 90, 90))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile("card.png", buffer.getvalue(), content_type="image/png")


def seed_posts(practice: Practice) -> None:
    """Publish the demo posts through the same actions (and privacy guard) as a physician (idempotent)."""
    from django.utils import timezone

    from . import post_actions
    from .models import Post
    from .post_forms import PostForm

    for values in POSTS:
        profile = PhysicianProfile.objects.filter(name=values["author"]).first()
        if profile is None or Post.objects.filter(author=profile, title=values["title"]).exists():
            continue
        files = {"image": demo_card(index=len(values["title"]))} if values.get("image_alt") else {}
        form = PostForm({"title": values["title"], "body": values["body"],
                         "image_alt": values.get("image_alt", "")}, files)
        if not form.is_valid():
            raise ValueError(f"demo post {values['title']!r}: {form.errors.as_text()}")
        post = post_actions.save_post_form(form, author=profile, by=profile.account)
        post_actions.publish_post(post, by=profile.account, now=timezone.now())


FIRST = ["Alex", "Blake", "Casey", "Dana", "Eli", "Frankie", "Gale", "Harper", "Indy", "Jules"]
LAST = ["Abara", "Brennan", "Castillo", "Dubois", "Eriksen", "Fujita", "Garcia", "Haddad", "Ivanova", "Jensen"]


def seed_many(count: int, *, user_model) -> list[PhysicianProfile]:
    """``count`` published physicians with accounts and varied tags (for the web benchmark)."""
    practice = ensure_practice()
    profiles = []
    for i in range(count):
        name = f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]}"
        account, _ = user_model.objects.get_or_create(email=f"bench{i}@practice.example")
        values = {
            "name": name, "credentials": "MD", "specialties": [SPECIALTIES[i % len(SPECIALTIES)]],
            "languages": ["English", LANGUAGES[1 + i % (len(LANGUAGES) - 1)]],
            "locations": [LOCATIONS[i % len(LOCATIONS)]["slug"]],
            "board_certifications": "American Board of Family Medicine",
            "education": "MD, State University\nResidency, Family Medicine, County Hospital",
            "bio": PROFILES[i % len(PROFILES)]["bio"],
        }
        profiles.append(publish_demo_profile(account, values, practice=practice, index=i))
    return profiles

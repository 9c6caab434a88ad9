"""The six branches and their contacts, from the appendix of the company's
service standard (STANDARD.md). Used on receipts, the kiosk's information
screens and the board's running line."""

PERSONAL_ACCOUNT = "https://lkm.esplus.ru/welcome/"
CHAT_BOT = ["https://t.me/Esplusbot", "https://esplus.ru/v/"]
PHONE_BUSINESS = "8-800-600-03-90"


def _site_links(host: str, *, business_remote: bool = True) -> dict:
    """The per-branch links; every branch's site follows the same layout."""
    base = f"https://{host}"
    remote = [f"{base}/service/"]
    if business_remote:
        remote.append(f"{base}/business/service-legal/post/")
    return {
        "remote_services": remote,
        "readings_info": [f"{base}/service/post/", f"{base}/business/service/post/"],
        "payment_info": [f"{base}/service/pay/", f"{base}/business/service/pay/"],
        "bill_delivery": [f"{base}/service/email/", f"{base}/business/service/doc/"],
        "faq": f"{base}/about/faq/",
        "chat_bot": CHAT_BOT,
        "personal_account": PERSONAL_ACCOUNT,
        "feedback": f"{base}/feedback/",
        "offices_page": f"{base}/offices/",
    }


BRANCHES = [
    {
        "code": "oren", "name": "Оренбургский филиал",
        "postal_address": "460024, г. Оренбург, ул. Аксакова, 3а",
        "phone_individuals": "8-800-700-10-32", "phone_business": PHONE_BUSINESS,
        "fax": "+7 (3532) 34-76-99", "email": "oren@esplus.ru", "site": "http://oren.esplus.ru/",
        "links": _site_links("oren.esplus.ru"),
    },
    {
        "code": "ekb", "name": "Свердловский филиал",
        "postal_address": "620075, г. Екатеринбург, ул. Кузнечная, 92",
        "phone_individuals": "8-800-700-10-32", "phone_business": PHONE_BUSINESS,
        "fax": "+7 (343) 355-03-06", "email": "ekb@esplus.ru", "site": "http://ekb.esplus.ru/",
        "links": _site_links("ekb.esplus.ru"),
    },
    {
        "code": "kirov", "name": "Кировский филиал",
        "postal_address": "610046, г. Киров, ул. Преображенская, д.90",
        "phone_individuals": "8-800-100-75-30", "phone_business": PHONE_BUSINESS,
        "fax": "+7 (8332) 70-83-44", "email": "kirov@esplus.ru", "site": "http://kirov.esplus.ru/",
        "links": _site_links("kirov.esplus.ru"),
    },
    {
        "code": "udm", "name": "Удмуртский филиал",
        "postal_address": "426063, г. Ижевск, ул. Орджоникидзе, д. 52-а",
        "phone_individuals": "8-800-700-10-32", "phone_business": PHONE_BUSINESS,
        "fax": "+7 (3412) 68-21-44", "email": "udm@esplus.ru", "site": "http://udm.esplus.ru/",
        "links": _site_links("udm.esplus.ru"),
    },
    {
        "code": "ivanovo", "name": "Ивановский филиал",
        "postal_address": "153000, Ивановская область, г. Иваново, ул. Смирнова, д.11",
        "phone_individuals": "8-800-100-75-30", "phone_business": PHONE_BUSINESS,
        "fax": "+7 (4932) 93-73-23", "email": "ivanovo@esplus.ru", "site": "https://ivanovo.esplus.ru/",
        "links": {
            **_site_links("ivanovo.esplus.ru", business_remote=False),
            "feedback": "http://ivanovo.esplus.ru/feedback/",
            "offices_page": "http://ivanovo.esplus.ru/contacts/service_offices/",
        },
    },
    {
        "code": "vladimir", "name": "Владимирский филиал",
        "postal_address": "600017, Российская Федерация, Владимирская область, г. Владимир, ул. Батурина, д.30",
        "phone_individuals": "8 (800) 100-75-30", "phone_business": "8 (800) 600-03-90",
        "fax": None, "email": "vladimir@esplus.ru", "site": "https://vladimir.esplus.ru/",
        "links": _site_links("vladimir.esplus.ru", business_remote=False),
    },
]

"""Word lists for generated artist and label names, in several languages (with diacritics)."""
from __future__ import annotations

FIRST_NAMES = (
    # English
    "Alice", "Ben", "Chloe", "Daniel", "Ella", "Finn", "Grace", "Harry", "Isla", "Jack", "Kate", "Liam",
    "Maya", "Noah", "Olivia", "Paul", "Ruby", "Sam", "Tom", "Zoe", "Rosie", "Lewis", "Amber", "Callum",
    # French
    "Amélie", "Benoît", "Céline", "Élodie", "François", "Hélène", "Jérôme", "Léa", "Mathéo", "Noémie",
    "Océane", "Thérèse", "Gaël", "Anaïs", "Loïc",
    # German / Nordic
    "Jürgen", "Lena", "Matthias", "Sönke", "Käthe", "Björn", "Åsa", "Sigrún", "Søren", "Øystein", "Freja",
    "Henrik", "Ingrid", "Jönna", "Maël",
    # Spanish / Portuguese / Italian
    "José", "María", "Íñigo", "Lucía", "Joaquín", "Begoña", "João", "Inês", "Conceição", "Giulia", "Niccolò",
    "Lorenzo", "Chiara", "Matías", "Ramón", "Sofía",
    # Slavic / Central European
    "Łukasz", "Agnieszka", "Zdeněk", "Tereza", "Dušan", "Mirela", "Katarzyna", "Jiří", "Anděla",
    # Other
    "Aiko", "Kenji", "Yuna", "Amara", "Kwame", "Nia", "Tariq", "Leila", "Ravi", "Priya", "Mei", "Tomás",
    "Zeynep", "Emre", "Ngozi", "Aroha",
)

LAST_NAMES = (
    "Walker", "Bennett", "Hughes", "Fletcher", "Marsh", "Holloway", "Price", "Turner", "Shaw", "Carter",
    "Doyle", "Reid", "Quinn", "Harper", "Ellis", "Moreau", "Lefèvre", "Girard", "Dubois", "Rousseau",
    "Béranger", "Müller", "Schäfer", "Brandt", "Köhler", "Weiß", "Lindqvist", "Järvinen", "Ólafsson",
    "Sørensen", "Åberg", "García", "Peña", "Núñez", "Ibáñez", "Castillo", "Gonçalves", "Araújo", "Ferreira",
    "Rossi", "Bellini", "Conti", "Esposito", "Kowalski", "Wiśniewska", "Dvořák", "Novák", "Horváth",
    "Szabó", "Tanaka", "Sato", "Okafor", "Mensah", "Haddad", "Nakamura", "Kapoor", "Chen", "Yılmaz",
    "O'Brien", "MacLeod", "Nguyen", "Silva", "Santos", "Costa",
)

BAND_ADJECTIVES = (
    "Velvet", "Electric", "Silver", "Midnight", "Paper", "Golden", "Crystal", "Wild", "Hollow", "Neon",
    "Quiet", "Broken", "Northern", "Lunar", "Scarlet", "Restless", "Wandering", "Burning", "Frozen",
    "Secret", "Distant", "Crimson", "Marble", "Copper", "Violet", "Sleepy", "Cosmic", "Savage", "Gentle",
    "Radiant", "Lost", "Young", "Hidden", "Silent", "Rusty", "Amber", "Blue", "Black", "White", "Sunday",
)

BAND_NOUNS = (
    "Foxes", "Lanterns", "Rivers", "Pilots", "Wolves", "Echoes", "Horizons", "Machines", "Sparrows",
    "Strangers", "Arrows", "Tides", "Shadows", "Satellites", "Ghosts", "Kings", "Daughters", "Mountains",
    "Owls", "Comets", "Dreamers", "Drifters", "Hearts", "Lions", "Ravens", "Waves", "Giants", "Orchids",
    "Mirrors", "Engines", "Voices", "Harbours", "Bridges", "Gardens", "Pyramids", "Monarchs", "Tigers",
    "Cathedrals", "Hounds", "Saints",
)

# Non-English band-name patterns: (prefix, noun list).
FOREIGN_BANDS = (
    ("Les", ("Étoiles", "Fantômes", "Rêveurs", "Oiseaux", "Chats Noirs", "Garçons Sauvages", "Vagues")),
    ("Los", ("Lobos", "Piratas", "Hermanos Rivera", "Caballeros", "Fantasmas", "Tigres del Sur")),
    ("Die", ("Ärzte von Morgen", "Wölfe", "Sterne", "Nachtfalter", "Blaue Stunde", "Fräuleins")),
    ("I", ("Cavalieri", "Fiori Neri", "Lupi", "Sognatori")),
    ("Os", ("Mutantes da Lua", "Piratas", "Sonhadores")),
)

BAND_SUFFIXES = ("Collective", "Quartet", "Orchestra", "Experience", "Project", "Ensemble", "Society", "Revue",
                 "Trio", "Sound System", "Brass Band", "Choir")

SOLO_PREFIXES = ("DJ", "MC", "Lil", "Big", "Young", "Dr.", "Sister", "Brother")

LABEL_WORDS = (
    "Northern", "Blue Harbour", "Paper Moon", "Kestrel", "Ironbridge", "Lighthouse", "Ocelot", "Meridian",
    "Hinterland", "Marigold", "Pylon", "Saltwater", "Nightjar", "Copperfield", "Halcyon", "Juniper",
    "Quartz", "Riverbank", "Tarmac", "Wildflower", "Albatross", "Sonnenschein", "Étoile", "Aurora",
)
LABEL_SUFFIXES = ("Records", "Recordings", "Music", "Sounds", "Audio", "Music Ltd.", "Schallplatten", "Disques")

CITIES = (
    "Manchester", "Glasgow", "Bristol", "London", "Dublin", "Paris", "Lyon", "Berlin", "Hamburg", "Köln",
    "Stockholm", "Reykjavík", "Oslo", "København", "Madrid", "Sevilla", "Lisboa", "São Paulo", "Milano",
    "Kraków", "Praha", "Budapest", "Tokyo", "Lagos", "Accra", "Montréal", "Toronto", "Melbourne",
    "Nashville", "Detroit", "Chicago", "Seattle", "Austin", "New Orleans", "Brooklyn",
)

"""Word lists for generated release and track titles, and the genre tags."""
from __future__ import annotations

TITLE_WORDS = tuple("""
sun moon star stars night day dawn dusk morning evening summer winter autumn spring rain snow storm thunder
river ocean sea shore island harbour bridge city street road highway train station airport window door
house home room garden field forest mountain valley desert island sky cloud clouds wind fire flame ember
ashes smoke gold silver diamond glass paper stone iron velvet silk neon light lights shadow shadows dream
dreams heart hearts soul mind eyes hands lips voice song songs melody rhythm dance dancing fever echo
echoes memory memories secret secrets promise promises letter letters photograph mirror clock time hours
minutes forever never always tonight tomorrow yesterday today again alone together young old wild free
lost found broken golden blue red black white green yellow purple grey crimson scarlet violet electric
midnight distant northern southern western eastern quiet loud slow fast sweet bitter cold warm hot deep
high low little big strange beautiful lonely restless endless hollow hidden silent open closed last first
running falling rising flying burning shining fading waiting waking sleeping dreaming calling leaving
coming going turning breaking holding crying smiling singing whisper whispers kiss kisses touch tears
angel angels ghost ghosts devil saints sinners stranger strangers lover lovers friend friends sister
brother mother father daughter son king queen prince princess soldier sailor pilot driver dancer
machine machines radio television signal satellite rocket planet planets galaxy universe orbit comet
paradise heaven hell garden eden babylon atlantis avalon jericho memphis california london paris berlin
tokyo rome havana lisbon vienna istanbul marrakech bombay rio harlem brooklyn soho manhattan
coffee whiskey wine champagne honey sugar candy cherry lemon orange apple peach strawberry
tiger wolf fox lion horse bird birds sparrow raven swan butterfly dragon snake spider
revolution freedom justice glory victory empire kingdom republic nation anthem hymn prayer gospel
blues jazz soul funk disco rock roll boogie groove swing waltz tango samba mambo lullaby serenade
story stories chapter chapters moment moments season seasons world worlds life lives years
way ways line lines edge circle square corner end beginning middle
miracle mystery magic wonder wonders chance fortune luck destiny fate
alright tonight somebody nobody everybody someone everyone anyone something nothing everything
carnaval fiesta corazón amor noche luna sol cielo mar vida alma canción
amour cœur nuit étoile soleil rêve lumière chanson été
liebe herz nacht sterne traum sommer
amore cuore notte stella sogno estate
saudade coração noite
""".split())

# Guaranteed in every catalogue size (the contract promises searches for "love" find enough).
LOVE_TITLES = (
    "Love", "Love Song", "Endless Love", "Love Me Tender", "Crazy Love", "Love in Vienna", "First Love",
    "Love Will Find a Way", "Modern Love", "Love Is Blue", "Summer Love", "Love and Thunder",
    "Radio Love", "Secret Love", "Love Letters", "All You Need Is Love", "Love on the Run", "Lovesick Blues",
)

VERSIONS = ("Remastered", "Deluxe Edition", "Live", "Radio Edit", "Acoustic", "Extended Mix", "Remix",
            "Demo", "Mono", "Instrumental", "Single Version", "2011 Remaster")

# (slug id, display text). The first ones are the common genres.
TAGS = (
    ("rock", "Rock"), ("pop", "Pop"), ("electronic", "Electronic"), ("indie", "Indie"), ("jazz", "Jazz"),
    ("hip-hop", "Hip-Hop"), ("folk", "Folk"), ("soul", "Soul"), ("classical", "Classical"),
    ("metal", "Metal"), ("country", "Country"), ("blues", "Blues"), ("reggae", "Reggae"), ("punk", "Punk"),
    ("ambient", "Ambient"), ("house", "House"), ("techno", "Techno"), ("latin", "Latin"), ("world", "World"),
    ("r-and-b", "R&B"), ("singer-songwriter", "Singer-Songwriter"), ("dance", "Dance"), ("funk", "Funk"),
    ("disco", "Disco"), ("soundtrack", "Soundtrack"), ("alternative", "Alternative"),
    ("chanson", "Chanson"), ("krautrock", "Krautrock"), ("bossa-nova", "Bossa Nova"), ("gospel", "Gospel"),
)
DECADE_TAGS = (("60s", "60s"), ("70s", "70s"), ("80s", "80s"), ("90s", "90s"), ("2000s", "2000s"),
               ("2010s", "2010s"), ("2020s", "2020s"))

BIO_TEMPLATES = (
    "{name} is {a_genre} {kind} from {city}, first heard on record in {year}. Known for {quality} "
    "songs and {quality2} live shows, {name} has released {records} so far.",
    "Formed in {city} in {year}, {name} make {quality} {genre} that critics have called {quality2}. "
    "Their catalogue now counts {releases}.",
    "{name} started out in the {genre} scene of {city} around {year}. {releases} later, the "
    "sound is still {quality} and {quality2}.",
)

BIO_QUALITIES = ("warm", "restless", "hypnotic", "tender", "swaggering", "meticulous", "joyous",
                 "brooding", "playful", "widescreen", "fragile", "fearless")


def with_article(word: str) -> str:
    """ "an electronic", "a folk", "an 80s", "an r&b": the article as the word is spoken."""
    return ("an " if word[:1].lower() in "aeiou8" or word.lower().startswith("r&") else "a ") + word


def counted(count: int, noun: str) -> str:
    """ "1 release", "12 releases"."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"

"""Recorded catalogue responses (artists, releases, tracks, charts, tags), served over loopback HTTP
and read through StoreClient: the values, not just the absence of exceptions."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.api import Artist, ChartItem, Format, Label, Release, Track


def _serve(loopback, recorded_dir, path, name, status=200):
    loopback.serve(path, (recorded_dir / name).read_bytes(), status)


def test_artist_search_reads_every_result_in_order(api, loopback, recorded_dir):
    _serve(loopback, recorded_dir, "artist/search", "artist-search.xml")
    page = api.search_artists("kylie", page=1, page_size=10)
    assert (page.page, page.page_size, page.total_items) == (1, 10, 7)
    assert [a.id for a in page.items] == [1599, 172920, 76804, 182445, 980042, 895939, 228095]
    first = page.items[0]
    assert first == Artist(1599, "Kylie", "Kylie", None, "http://www.7digital.com/artists/kylie/?partner=712",
                           "http://artwork-cdn.7static.com/static/img/artistimages/00/000/015/0000001599_150.jpg",
                           0.71)
    assert page.items[4].name == "Kylie Minoise And The Temple Of Kovorox Sound"
    assert not page.has_next
    sent = loopback.hits("artist/search")[0].query
    assert sent["q"] == "kylie" and sent["page"] == "1" and sent["pageSize"] == "10"
    assert sent["oauth_consumer_key"] == "test-key-0001" and sent["country"] == "GB"


def test_a_search_answer_with_the_wrong_list_is_an_empty_page(api, loopback, recorded_dir):
    _serve(loopback, recorded_dir, "artist/search", "artist-search-empty.xml")  # hand-made, <releases> root
    page = api.search_artists("notfound")
    assert page.items == () and page.total_items == 0 and page.page == 1


def test_artist_browse_similar_and_details(api, loopback, recorded_dir):
    _serve(loopback, recorded_dir, "artist/browse", "artist-browse.xml")
    _serve(loopback, recorded_dir, "artist/similar", "artist-similar.xml")
    _serve(loopback, recorded_dir, "artist/details", "artist-details.xml")
    browse = api.artist_browse("p")
    assert browse.total_items == 3256 and [a.name for a in browse.items] == ["P J Harvey", "P J Proby"]
    assert browse.has_next
    assert browse.items[1].image.endswith("/000017168_50.jpg")
    similar = api.artist_similar(1, page_size=6)
    assert similar.total_items == 30 and len(similar.items) == 6
    assert similar.items[0].sort_name == "Charlatans, The" and similar.items[3].name == "U2"
    artist = api.artist(460)
    assert (artist.id, artist.name, artist.sort_name) == (460, "Van Morrison", "Van Morrison")
    assert artist.url == "http://www.7digital.com/artist/van-morrison/"
    assert loopback.hits("artist/details")[0].query["artistId"] == "460"


def test_artist_releases_reads_prices_formats_and_labels(api, loopback, recorded_dir):
    _serve(loopback, recorded_dir, "artist/releases", "artist-releases.xml")
    page = api.artist_releases(500, page_size=2, type="album")
    assert (page.page_size, page.total_items, len(page.items)) == (2, 6, 2)
    album, single = page.items
    assert (album.id, album.title, album.type, album.year, album.barcode) == (
        1002726, "Indaba Remixes From Wonderland", "Album", 2010, "5099994682557")
    assert album.version is None and album.explicit is False
    assert album.artist.id == 500 and album.artist.appears_as == "Marcy Playground"
    assert album.release_date == date(2010, 11, 1)
    assert album.price.value == Decimal("7.99") and album.price.currency_code == "GBP"
    assert album.price.currency_symbol == "£" and album.price.formatted == "£7.99"
    assert album.price.rrp == Decimal("7.99") and album.price.on_sale is False
    assert album.formats == (Format(17, "MP3", 320, True, None),)
    assert album.label == Label(1023, "EMI Canada") and album.popularity == 0.31
    assert [f.id for f in single.formats] == [17, 33] and single.price.value == Decimal("1.79")
    assert loopback.hits("artist/releases")[0].query["type"] == "album"


def test_artist_top_tracks_reads_nested_release_and_price(api, loopback, recorded_dir):
    _serve(loopback, recorded_dir, "artist/toptracks", "artist-toptracks.xml")
    page = api.artist_top_tracks(88)
    assert page.total_items == 2546 and [t.id for t in page.items] == [6930065, 6930066, 6930069, 6930070, 6930061]
    thriller = page.items[0]
    assert (thriller.title, thriller.version, thriller.track_number, thriller.duration) == (
        "Thriller (Album Version)", "Album Version", 9, 358)
    assert thriller.isrc == "USSM19902989" and thriller.disc_number == 1 and thriller.type == "audio"
    assert thriller.release.id == 624250 and thriller.release.title == "Michael Jackson's This Is It"
    assert thriller.release.formats[0].id == 17
    assert thriller.url.endswith("?partner=712&h=09")  # &amp; decoded
    assert thriller.price.value == Decimal("0.99")


def test_artist_tags_release_tags_and_tag_list(api, loopback, recorded_dir):
    _serve(loopback, recorded_dir, "artist/tags", "artist-tags.xml")
    _serve(loopback, recorded_dir, "release/tags", "release-tags.xml")
    _serve(loopback, recorded_dir, "tag", "tag-list.xml")
    assert [t.id for t in api.artist_tags(1).items] == ["rock", "pop", "2000s"]
    release_tags = api.release_tags(320866)
    assert release_tags.total_items == 5 and release_tags.items[3].text == "indie rock"
    assert release_tags.items[3].id == "indie-rock"
    tags = api.tags(page_size=15)
    assert (tags.total_items, len(tags.items)) == (471, 15)
    assert (tags.items[0].id, tags.items[0].count) == ("pop", 329270)
    assert tags.items[-1].url == "http://www.7digital.com/tags/folk/?partner=3923"


def test_tags_with_an_undeclared_xsi_prefix_are_read(api, loopback, recorded_dir):
    _serve(loopback, recorded_dir, "release/tags", "release-tags-ruby.xml")
    page = api.release_tags(1)
    assert [t.id for t in page.items] == ["rock", "pop", "electronic", "indie-rock", "2000s"]


def test_release_details_both_eras(api, loopback, recorded_dir):
    _serve(loopback, recorded_dir, "release/details", "release-details.xml")
    release = api.release(320866)
    assert (release.id, release.title, release.version, release.year) == (320866, "Perfect Symmetry", "UK Album", 2008)
    assert release.artist.name == "Keane" and release.barcode == "00602517856455"
    assert release.price.value == Decimal("5.99") and release.label.name == "Universal Music Ireland Ltd."
    assert release.image.endswith("/0000320866_50.jpg") and release.release_date == date(2008, 10, 13)

    _serve(loopback, recorded_dir, "release/details", "release-details-node.xml")
    live = api.release(279482)
    assert live.artist.appears_as == "Kylie Minogue" and live.artist.name == "Kylie"
    assert live.licensor == Label(18, "Warner") and live.popularity == 0.0
    assert (live.duration, live.track_count) == (3238, 13)
    assert live.formats == (Format(21, "MP4", 0, True, None),)
    assert live.added_date == date(2008, 7, 18) and live.price.value == Decimal("23.27")


def test_release_search_reads_nil_fields_as_none(api, loopback, recorded_dir):
    _serve(loopback, recorded_dir, "release/search", "release-search.xml")
    page = api.search_releases("kylie")
    assert page.total_items == 139
    first = page.items[0]
    assert (first.id, first.title, first.type, first.year) == (2431, "Come Into My World", "Single", 2003)
    assert first.version is None and first.barcode is None  # xsi:nil="true"
    assert first.licensor is None  # <licensor id="0"/>
    assert first.added_date is None  # 0001-01-01 placeholder
    assert first.price is None and first.formats[0].file_format == "mp3"
    assert page.items[1].formats[0] == Format(6, "mp3", 192, None, None)

    _serve(loopback, recorded_dir, "release/search", "release-search-empty.xml")
    empty = api.search_releases("notfound")
    assert (empty.items, empty.total_items, empty.page_size) == ((), 0, 10)


def test_release_tracks_full_page_and_single_item_page(api, loopback, recorded_dir):
    _serve(loopback, recorded_dir, "release/tracks", "release-tracks.xml")
    page = api.release_tracks(320866)
    assert (page.page_size, page.total_items, len(page.items)) == (10, 11, 10)
    assert [t.track_number for t in page.items] == list(range(1, 11))
    assert page.items[6].title == "Again & Again" and page.items[0].release.version == "UK Album"
    assert all(t.price.value == Decimal("0.99") for t in page.items)
    assert page.has_next
    assert loopback.hits("release/tracks")[0].query["pageSize"] == "100"

    _serve(loopback, recorded_dir, "release/tracks", "release-tracks-node-single.xml")
    single = api.release_tracks(79665)
    assert len(single.items) == 1 and single.total_items == 1
    track = single.items[0]
    assert (track.id, track.title, track.duration, track.isrc) == (841267, "A Cigarra E A Formiga", 519,
                                                                  "BRWMB0101665")
    assert track.price.currency_symbol == "£" and track.price.formatted == "£0.99"  # &#163;
    assert track.release.image.endswith("0000079665_50.jpg")


def test_release_recommend_reads_unavailable_prices_as_none(api, loopback, recorded_dir):
    _serve(loopback, recorded_dir, "release/recommend", "release-recommend.xml")
    page = api.release_recommend(5)
    assert page.total_items == 63 and len(page.items) == 10
    by_id = {r.id: r for r in page.items}
    assert by_id[1182].title == "Pablo Honey" and by_id[1182].price.value == Decimal("6.99")
    unavailable = by_id[1039006].price
    assert unavailable.value is None and unavailable.formatted == "N/A" and unavailable.rrp is None
    assert by_id[980972].price.rrp == Decimal("1.79")  # onSale before rrp: order does not matter

    _serve(loopback, recorded_dir, "release/recommend", "release-recommend-empty.xml")
    assert api.release_recommend(6).items == ()


def test_releases_by_tag_new_and_top(api, loopback, recorded_dir):
    _serve(loopback, recorded_dir, "release/byTag/new", "release-bytag-new.xml")
    _serve(loopback, recorded_dir, "release/byTag/top", "release-bytag-top.xml")
    new = api.releases_by_tag(["indie", "rock"], new=True, page_size=6)
    assert [r.id for r in new.items] == [3596942, 3559714, 3663587, 3664691, 3629455, 3645101]
    assert new.items[0].price.value == Decimal("5.94") and new.items[0].price.rrp == Decimal("8.49")
    assert new.items[0].track_count == 6 and new.items[0].duration == 631
    assert loopback.hits("release/byTag/new")[0].query["tags"] == "indie,rock"
    top = api.releases_by_tag("2000s", new=False)
    assert top.total_items == 9598 and top.items[0].title == "Beautiful Day"
    assert top.items[0].price is None  # this era sent no price at all
    assert top.items[7].title == "Reise, Reise"


def test_new_releases_reads_na_prices_and_entity_currency(api, loopback, recorded_dir):
    _serve(loopback, recorded_dir, "release/byDate", "release-bydate.xml")
    page = api.new_releases(date(2010, 8, 30), date(2010, 9, 5), page_size=5)
    assert [r.id for r in page.items] == [957720, 949582, 956623, 956661, 949741]
    housewife = page.items[0]
    assert housewife.price.value is None and housewife.price.formatted == "N/A"
    assert housewife.price.currency_symbol == "£" and housewife.price.currency_code == "GBP"
    assert page.items[1].price.value == Decimal("7.99") and page.items[1].price.on_sale is True
    assert page.items[1].url == ("http://www.7digital.com/artists/die-12-cellisten-der-berliner-philharmoniker/"
                                 "fleur-de-paris/?partner=712")  # trailing newline/indent stripped
    sent = loopback.hits("release/byDate")[0].query
    assert (sent["fromDate"], sent["toDate"]) == ("20100830", "20100905")


def test_charts_put_the_charted_thing_in_item(api, loopback, recorded_dir):
    _serve(loopback, recorded_dir, "release/chart", "release-chart.xml")
    _serve(loopback, recorded_dir, "artist/chart", "artist-chart.xml")
    _serve(loopback, recorded_dir, "track/chart", "track-chart.xml")
    releases = api.release_chart(period="week", to_date=date(2011, 5, 1))
    assert releases.total_items == 20 and [c.position for c in releases.items] == list(range(1, 11))
    first = releases.items[0]
    assert isinstance(first, ChartItem) and isinstance(first.item, Release) and first.change == "New"
    assert (first.item.id, first.item.title) == (1188305, "Rob's Mum")
    assert releases.items[9].item.price.value == Decimal("5")
    assert loopback.hits("release/chart")[0].query["toDate"] == "20110501"
    artists = api.artist_chart()
    assert isinstance(artists.items[0].item, Artist) and artists.items[0].item.name == "Grizzly Bear"
    assert [c.change for c in artists.items[:4]] == ["Up", "Up", "Up", "Down"]
    tracks = api.track_chart()
    assert isinstance(tracks.items[1].item, Track) and tracks.items[1].item.id == 6930065
    assert tracks.items[8].item.title == "Just Can\u2019t Get Enough"


def test_the_2012_track_chart_with_a_bom_reads_the_same(api, loopback, recorded_dir):
    _serve(loopback, recorded_dir, "track/chart", "track-chart-2012.xml")
    chart = api.track_chart()
    assert [c.item.id for c in chart.items][:3] == [12463944, 12709872, 13066765]
    assert chart.items[0].item.artist.appears_as == "LMFAO / GoonRock / Lauren Bennett"
    assert chart.items[0].item.price is None


def test_track_details_and_both_track_searches(api, loopback, recorded_dir):
    _serve(loopback, recorded_dir, "track/details", "track-details.xml")
    track = api.track(12345)
    assert (track.id, track.title, track.track_number, track.duration) == (12345, "I Love You", 5, 252)
    assert track.artist.name == "The Dandy Warhols" and track.release.id == 1302
    assert track.release.release_date == date(1997, 7, 3) and track.price.value == Decimal("0.99")

    _serve(loopback, recorded_dir, "track/search", "track-search.xml")
    page = api.search_tracks("kylie")
    assert page.total_items == 13 and len(page.items) == 1
    assert page.items[0].price is None  # <price xsi:nil="true">
    assert page.items[0].release.type == "single" and page.items[0].duration == 0

    _serve(loopback, recorded_dir, "track/search", "track-search-ruby.xml")
    ruby = api.search_tracks("creep", page_size=5)
    assert [t.id for t in ruby.items] == [2748235, 2747777, 2052636, 2052649, 2967017]
    assert ruby.items[0].artist.url == "http://eu.7digital.com/artists/radiohead/?partner=827"
    assert ruby.items[2].title == "15 Step" and ruby.items[2].track_number == 1

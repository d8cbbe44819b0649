"""Fields a store UI wants, read from the recordings and from the embedded store: artist bio, chart
type and dates, slugs, track formats and preview dates, every download package, zoned release dates,
and the `countries` call."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.api import ChartPage, Country, ResponseFormatError
from app.api.parse import read_envelope
from app.api.readers import MAX_PACKAGES, read_release, read_track
from app.services.store_urls import StoreLink, resolve

RECORDED_COUNTRIES = ["BE", "CA", "DE", "ES", "FI", "FR", "IE", "IT", "LU", "NL", "NZ", "NO", "AT", "CH", "SE",
                      "GB", "US"]


def _serve(loopback, recorded_dir, path, name):
    loopback.serve(path, (recorded_dir / name).read_bytes())


def _element(xml: str, tag: str):
    root = read_envelope(f'<response status="ok">{xml}</response>'.encode())
    return root.find(tag)


def test_countries_are_read_from_the_recording_in_its_order(api, loopback, recorded_dir):
    _serve(loopback, recorded_dir, "countries", "countries.xml")
    countries = api.countries()
    assert [c.code for c in countries] == RECORDED_COUNTRIES
    assert countries[13] == Country("CH", "Switzerland", "Schweiz/Suisse", "http://de-ch.7digital.com")


def test_countries_skip_codes_that_are_not_countries_and_repeats(api, loopback):
    loopback.serve("countries", b'<response status="ok"><countries><country code="gb"><name>UK</name></country>'
                                b'<country code="GB"/><country code="G1"/><country code="&#xc4;T"/><country/>'
                                b'<country code="CH"/></countries></response>')
    assert [c.code for c in api.countries()] == ["GB", "CH"]


def test_a_countries_answer_without_a_list_is_a_format_error(api, loopback):
    loopback.serve("countries", b'<response status="ok"><nothing/></response>')
    with pytest.raises(ResponseFormatError):
        api.countries()


def test_chart_type_and_dates_from_the_recording(api, loopback, recorded_dir):
    _serve(loopback, recorded_dir, "release/chart", "release-chart.xml")
    page = api.release_chart()
    assert isinstance(page, ChartPage) and len(page.items) == 10
    # "2011-05-01T00:00:00+01:00": the day named in its zone, not 30 April in UTC
    assert (page.chart.type, page.chart.from_date, page.chart.to_date) == ("album", date(2011, 5, 1),
                                                                           date(2011, 5, 1))


def test_release_date_with_a_zone_is_the_day_it_names_there():
    late = _element('<release id="1"><title>T</title><releaseDate>2011-04-30T23:00:00-05:00</releaseDate>'
                    '</release>', "release")
    early = _element('<release id="1"><title>T</title><releaseDate>2011-05-01T00:00:00+01:00</releaseDate>'
                     '</release>', "release")
    assert read_release(late).release_date == date(2011, 4, 30)
    assert read_release(early).release_date == date(2011, 5, 1)


def test_artist_bio_from_the_recording_is_empty_and_from_the_store_is_text(api, loopback, recorded_dir, client):
    _serve(loopback, recorded_dir, "artist/details", "artist-details.xml")
    assert api.artist(460).bio is None                      # <bio><text /></bio>
    artist = client.search_artists("a", 1, 1).items[0]
    assert len(client.artist(artist.id).bio or "") > 20


def test_track_formats_preview_and_streaming_dates_from_the_recording(api, loopback, recorded_dir):
    _serve(loopback, recorded_dir, "track/details", "track-details.xml")
    track = api.track(12345)
    assert track.preview_date == date(1997, 7, 3) and track.streaming_release_date == date(1997, 7, 3)
    assert track.previewable
    first = track.formats[0]
    assert (first.id, first.file_format, first.bit_rate, first.drm_free) == (17, "MP3", 320, True)
    assert track.packages and track.packages[0].formats


def test_every_download_package_with_its_own_price_and_formats():
    track = read_track(_element(
        '<track id="7"><title>T</title><download><packages>'
        '<package id="2"><description>standard</description><price><currencyCode>GBP</currencyCode>'
        '<sevendigitalPrice>0.99</sevendigitalPrice><recommendedRetailPrice>0.99</recommendedRetailPrice></price>'
        '<formats><format id="17"><description>MP3 320</description></format></formats></package>'
        '<package id="9"><description>lossless</description><price><currencyCode>GBP</currencyCode>'
        '<sevendigitalPrice>1.49</sevendigitalPrice></price>'
        '<formats><format id="55"><description>FLAC 16/44.1</description></format></formats></package>'
        '</packages></download><previewDate xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>'
        '<slug>t</slug></track>', "track"))
    assert [(p.id, p.description, p.price.value, p.formats[0].description) for p in track.packages] == [
        (2, "standard", Decimal("0.99"), "MP3 320"), (9, "lossless", Decimal("1.49"), "FLAC 16/44.1")]
    assert track.price.value == Decimal("0.99") and track.formats[0].id == 17   # the standard package's
    assert not track.previewable and track.preview_date is None                 # nil previewDate: none here
    assert track.slug == "t" and track.url is None


def test_package_numbers_are_bounded():
    huge = '<release id="1"><title>T</title><download><packages><package id="1234567890123456789012"/>' \
           '</packages></download></release>'
    with pytest.raises(ResponseFormatError):
        read_release(_element(huge, "release"))
    many = '<release id="1"><title>T</title><download><packages>' + \
           '<package id="2"><price><sevendigitalPrice>-1</sevendigitalPrice></price></package>' * 500 + \
           '</packages></download></release>'
    release = read_release(_element(many, "release"))
    assert len(release.packages) == MAX_PACKAGES and release.packages[0].price.value is None


def test_slug_only_answers_still_resolve_store_links(api, loopback):
    loopback.serve("release/search", (
        b'<response status="ok"><searchResults><page>1</page><pageSize>20</pageSize><totalItems>2</totalItems>'
        b'<searchResult><release id="11"><title>Other Songs</title><slug>other-songs</slug></release></searchResult>'
        b'<searchResult><release id="12"><title>Songs</title><slug>blue-songs</slug>'
        b'<artist id="3"><name>Blue</name><slug>blue</slug></artist></release></searchResult>'
        b'</searchResults></response>'))
    page = api.search_releases("blue songs")
    assert page.items[1].slug == "blue-songs" and page.items[1].artist.slug == "blue" and page.items[1].url is None
    assert resolve(api, StoreLink(artist_slug="blue", release_slug="blue-songs")) == "release:12"


def test_the_store_reports_its_countries_chart_dates_and_track_fields(client):
    codes = [c.code for c in client.countries()]
    assert "GB" in codes and "US" in codes and len(codes) == len(set(codes))
    chart = client.release_chart()
    assert chart.chart is not None and chart.chart.to_date is not None
    assert chart.chart.from_date <= chart.chart.to_date
    release = client.search_releases("love", 1, 1).items[0]
    track = client.release_tracks(release.id).items[0]
    assert track.formats and track.streaming_release_date is not None
    assert release.packages and release.packages[0].formats

"""Sentences for what the basket and the account report as values (app/basket/notices.py,
app/services/account.py's SignInReason). Exceptions are worded in app/ui/errors.py."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.basket.notices import (AlreadyInBasket, AlreadyOwned, BasketFileRecovered, BasketNotSaved, BasketRenewed,
                                ReleaseInBasket, RemovedUnavailable, TracksInBasket)
from app.services.account import SignInReason


def basket_notice_text(notice) -> str:
    """The non-modal sentence for a `Basket.notice`."""
    if isinstance(notice, BasketFileRecovered):
        return QCoreApplication.translate(
            "ShoppingMessages", "Your saved basket could not be read ({problem}); it was moved to {path} "
                                "and a new basket was started.").format(problem=notice.problem, path=notice.path)
    if isinstance(notice, AlreadyInBasket):
        return QCoreApplication.translate("ShoppingMessages", "“{title}” is already in your basket.").format(
            title=notice.title)
    if isinstance(notice, AlreadyOwned):
        return QCoreApplication.translate("ShoppingMessages", "You already own “{title}”.").format(title=notice.title)
    if isinstance(notice, ReleaseInBasket):
        return QCoreApplication.translate(
            "ShoppingMessages", "“{title}” is on “{release}”, which is already in your basket.").format(
            title=notice.title, release=notice.release_title)
    if isinstance(notice, TracksInBasket):
        return tracks_in_basket_text(notice)
    if isinstance(notice, BasketNotSaved):
        return QCoreApplication.translate("ShoppingMessages", "Your basket couldn't be saved ({detail}).").format(
            detail=notice.detail)
    if isinstance(notice, RemovedUnavailable):
        names = ", ".join(f"“{title}”" for title in notice.titles)
        if notice.country:
            return QCoreApplication.translate(
                "ShoppingMessages", "Not available in the {country} store, so removed from your basket: {names}."
            ).format(country=notice.country, names=names)
        return QCoreApplication.translate(
            "ShoppingMessages", "Not available in this store, so removed from your basket: {names}.").format(
            names=names)
    if isinstance(notice, BasketRenewed):
        return QCoreApplication.translate(
            "ShoppingMessages", "Your basket was renewed at the store, which had forgotten it; "
                                "nothing in it was lost.")
    raise TypeError(f"not a basket notice: {notice!r}")


def tracks_in_basket_text(notice: TracksInBasket) -> str:
    """Which tracks of the release are in the basket, and what the release costs instead."""
    names = ", ".join(f"“{title}”" for title in notice.track_titles)
    # No %n plural here: pyside6-lupdate extracts plurals from self.tr() only, not from translate().
    text = QCoreApplication.translate(
        "ShoppingMessages", "Your basket already holds these tracks of “{release}”: {names}.").format(
        release=notice.release_title, names=names)
    if notice.difference and notice.saves:
        text += " " + QCoreApplication.translate(
            "ShoppingMessages", "The whole release costs {price}, {difference} less than those tracks ({tracks}).").format(
            price=notice.release_price, difference=notice.difference, tracks=notice.tracks_price)
    elif notice.difference:
        text += " " + QCoreApplication.translate(
            "ShoppingMessages", "The whole release costs {price}, {difference} more than those tracks ({tracks}).").format(
            price=notice.release_price, difference=notice.difference, tracks=notice.tracks_price)
    return text


def basket_question(notice) -> tuple[str, str] | None:
    """For a notice the user can overrule: the question to ask and the button that overrules it
    (None for the other notices)."""
    if isinstance(notice, AlreadyOwned):
        return (basket_notice_text(notice) + " " + QCoreApplication.translate(
                    "ShoppingMessages", "Add it to your basket anyway?"),
                QCoreApplication.translate("ShoppingMessages", "Add anyway"))
    if isinstance(notice, TracksInBasket):
        return (tracks_in_basket_text(notice) + " " + QCoreApplication.translate(
                    "ShoppingMessages", "Replace those tracks with the whole release?"),
                QCoreApplication.translate("ShoppingMessages", "Replace with release"))
    return None


def sign_in_reason_text(reason: SignInReason | None) -> str:
    """Why the sign-in dialog is open ("" when the user opened it themselves)."""
    if reason is SignInReason.EXPIRED:
        return QCoreApplication.translate("ShoppingMessages",
                                          "Your sign-in has expired. Sign in again to continue.")
    if reason is SignInReason.CHECKOUT:
        return QCoreApplication.translate("ShoppingMessages", "Sign in to your 7digital account to check out.")
    if reason is SignInReason.LOCKER:
        return QCoreApplication.translate("ShoppingMessages", "Sign in to see the music you bought.")
    if reason is SignInReason.NEEDED:
        return QCoreApplication.translate("ShoppingMessages", "Sign in to your 7digital account to continue.")
    return ""

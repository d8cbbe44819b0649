"""Sentences for what the basket and the account report as values (app/basket/notices.py,
app/services/account.py's SignInReason). Exceptions are worded in app/ui/errors.py."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.basket.notices import (AlreadyInBasket, BasketFileRecovered, BasketNotSaved, BasketRenewed,
                                RemovedUnavailable)
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

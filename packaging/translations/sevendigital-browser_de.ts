<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="+41"/>
        <source>About 7digital Browser</source>
        <translation>Über 7digital Browser</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>7digital Browser {version}</source>
        <translation>7digital Browser {version}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Browse the 7digital catalogue, listen to previews and buy music.
Runs on Qt {qt} (LGPL-3.0) through PySide6.</source>
        <translation>Den 7digital-Katalog durchsuchen, Hörproben anhören und Musik kaufen.
Läuft mit Qt {qt} (LGPL-3.0) über PySide6.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Libraries and their licences</source>
        <translation>Bibliotheken und ihre Lizenzen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Library</source>
        <translation>Bibliothek</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Licence</source>
        <translation>Lizenz</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>see its files</source>
        <translation>siehe ihre Dateien</translation>
    </message>
</context>
<context>
    <name>AccountButton</name>
    <message>
        <location filename="../../app/ui/account_button.py" line="+22"/>
        <source>My music</source>
        <translation>Meine Musik</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sign out</source>
        <translation>Abmelden</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Signed in</source>
        <translation>Angemeldet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Signed in to 7digital</source>
        <translation>Bei 7digital angemeldet</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Signing in…</source>
        <translation>Anmeldung läuft …</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Checking your saved sign-in</source>
        <translation>Ihre gespeicherte Anmeldung wird geprüft</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sign in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sign in to your 7digital account</source>
        <translation>Bei Ihrem 7digital-Konto anmelden</translation>
    </message>
</context>
<context>
    <name>ArtistView</name>
    <message>
        <location filename="../../app/ui/artist_view.py" line="+29"/>
        <source>All releases</source>
        <translation>Alle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Albums</source>
        <translation>Alben</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Singles</source>
        <translation>Singles</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Videos</source>
        <translation>Videos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exclusives</source>
        <translation>Exklusives</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Other items</source>
        <translation>Weiteres</translation>
    </message>
    <message>
        <location line="+83"/>
        <source>Genres</source>
        <translation>Genres</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>ARTIST</source>
        <translation>KÜNSTLER</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>About</source>
        <translation>Über</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>About the artist</source>
        <translation>Über den Künstler</translation>
    </message>
    <message>
        <location line="+35"/>
        <location line="+26"/>
        <source>Show more releases</source>
        <translation>Weitere Veröffentlichungen anzeigen</translation>
    </message>
    <message>
        <location line="-16"/>
        <location line="+3"/>
        <source>Similar artists</source>
        <translation>Ähnliche Künstler</translation>
    </message>
    <message>
        <location line="-28"/>
        <location line="+1"/>
        <source>Top tracks</source>
        <translation>Top-Titel</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+7"/>
        <source>Releases</source>
        <translation>Veröffentlichungen</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Loading…</source>
        <translation>Wird geladen …</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{tab} ({count})</source>
        <comment>a tab and its number of releases</comment>
        <translation>{tab} ({count})</translation>
    </message>
</context>
<context>
    <name>BasketBadge</name>
    <message>
        <location filename="../../app/ui/basket_panel.py" line="+286"/>
        <source>Basket ({count})</source>
        <translation>Warenkorb ({count})</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Basket</source>
        <translation>Warenkorb</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n item(s) in your basket</source>
        <translation>
            <numerusform>%n Artikel in Ihrem Warenkorb</numerusform>
            <numerusform>%n Artikel in Ihrem Warenkorb</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BasketPanel</name>
    <message>
        <location line="-257"/>
        <location line="+57"/>
        <source>Basket</source>
        <translation>Warenkorb</translation>
    </message>
    <message>
        <location line="-22"/>
        <source>Your basket is empty.</source>
        <translation>Ihr Warenkorb ist leer.</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Remove from basket</source>
        <translation>Aus dem Warenkorb entfernen</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+5"/>
        <source>Checkout…</source>
        <translation>Zur Kasse …</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>I&apos;ve paid</source>
        <translation>Ich habe bezahlt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ask the store now whether your purchase went through</source>
        <translation>Jetzt beim Store nachfragen, ob Ihr Kauf abgeschlossen ist</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open again</source>
        <translation>Erneut öffnen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open the checkout page in your web browser again</source>
        <translation>Die Kassenseite erneut in Ihrem Webbrowser öffnen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy link</source>
        <translation>Link kopieren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy the checkout page&apos;s address, to paste into a browser</source>
        <translation>Die Adresse der Kassenseite kopieren, um sie in einen Browser einzufügen</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Your basket is empty</source>
        <translation>Ihr Warenkorb ist leer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Total due: {total}</source>
        <translation>Gesamtbetrag: {total}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Total due: …</source>
        <comment>the total is not known yet</comment>
        <translation>Gesamtbetrag: …</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Updating the basket at the store…</source>
        <translation>Warenkorb wird im Store aktualisiert …</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Removed “{title}”.</source>
        <translation>„{title}“ entfernt.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Removed “{title}”. Undo is beside the basket.</source>
        <translation>„{title}“ entfernt. „Rückgängig“ steht neben dem Warenkorb.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>The checkout page is open in your web browser.</source>
        <translation>Die Kasse ist in Ihrem Webbrowser geöffnet.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Complete your purchase in the browser; this basket updates when it&apos;s done.</source>
        <translation>Schließen Sie den Kauf im Browser ab; dieser Warenkorb wird danach aktualisiert.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No web browser opened: copy the link into one to pay, or open it again.</source>
        <translation>Es wurde kein Webbrowser geöffnet: Kopieren Sie den Link in einen Browser, um zu bezahlen, oder öffnen Sie ihn erneut.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The checkout link is copied: paste it into a web browser.</source>
        <translation>Der Link zur Kasse ist kopiert: Fügen Sie ihn in einen Webbrowser ein.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Thank you! Your purchase is complete and in My music.</source>
        <translation>Vielen Dank! Ihr Kauf ist abgeschlossen und in „Meine Musik“ verfügbar.</translation>
    </message>
</context>
<context>
    <name>BasketTableModel</name>
    <message>
        <location filename="../../app/models/basket.py" line="+10"/>
        <source>Artist</source>
        <translation>Künstler</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type</source>
        <translation>Art</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Price</source>
        <translation>Preis</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Track</source>
        <comment>basket item type</comment>
        <translation>Einzeltitel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Release</source>
        <comment>basket item type</comment>
        <translation>Album</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{artist} — {title} (waiting for the store)</source>
        <translation>{artist} – {title} (wartet auf den Store)</translation>
    </message>
</context>
<context>
    <name>BrowseView</name>
    <message>
        <location filename="../../app/ui/view_base.py" line="+65"/>
        <source>Page status</source>
        <translation>Seitenstatus</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>Loading…</source>
        <translation>Wird geladen …</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>Open</source>
        <comment>context menu: show this item&apos;s page</comment>
        <translation>Öffnen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Go to {name}</source>
        <translation>Gehe zu {name}</translation>
    </message>
    <message>
        <location line="-20"/>
        <location line="+24"/>
        <source>Add release to basket</source>
        <translation>Album in den Warenkorb</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Page</source>
        <translation>Seite</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scroll the page</source>
        <translation>Seite scrollen</translation>
    </message>
</context>
<context>
    <name>CheckoutLinkDialog</name>
    <message>
        <location filename="../../app/ui/checkout_link_dialog.py" line="+18"/>
        <source>Open the checkout page</source>
        <translation>Kasse öffnen</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>No web browser could be opened. Copy this address into your browser to pay; the basket updates here when the purchase is complete.</source>
        <translation>Es konnte kein Webbrowser geöffnet werden. Kopieren Sie diese Adresse in Ihren Browser, um zu bezahlen; der Warenkorb wird hier aktualisiert, sobald der Kauf abgeschlossen ist.</translation>
    </message>
    <message>
        <location line="-14"/>
        <location line="+33"/>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
</context>
<context>
    <name>CrashGuard</name>
    <message>
        <location filename="../../app/ui/crash_guard.py" line="+56"/>
        <source>Something went wrong</source>
        <translation>Etwas ist schiefgegangen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Something unexpected went wrong. The app is still running, and your basket and sign-in are safe.

Details were written to the log file.</source>
        <translation>Etwas Unerwartetes ist schiefgegangen. Die App läuft weiter, Ihr Warenkorb und Ihre Anmeldung sind sicher.

Details wurden in die Protokolldatei geschrieben.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Error type: {name}</source>
        <translation>Fehlertyp: {name}</translation>
    </message>
</context>
<context>
    <name>DownloadMessages</name>
    <message>
        <location filename="../../app/ui/download_messages.py" line="+19"/>
        <source>You paused this download.</source>
        <translation>Sie haben diesen Download angehalten.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The download link has expired; the app asks the store for a new one.</source>
        <translation>Der Download-Link ist abgelaufen; die App fragt den Store nach einem neuen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The store won&apos;t deliver this track to your account.</source>
        <translation>Der Store liefert diesen Titel nicht an Ihr Konto.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The disk is full. Make some room, then resume the download.</source>
        <translation>Der Datenträger ist voll. Schaffen Sie Platz und setzen Sie den Download dann fort.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The music folder can&apos;t be written to. Check it, then resume the download.</source>
        <translation>In den Musikordner kann nicht geschrieben werden. Prüfen Sie ihn und setzen Sie den Download dann fort.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The connection to the store kept failing. Try again later.</source>
        <translation>Die Verbindung zum Store ist wiederholt abgebrochen. Versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The file arrived incomplete. Retry to download it again.</source>
        <translation>Die Datei kam unvollständig an. Laden Sie sie mit „Erneut versuchen“ noch einmal.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>What arrived is not a playable MP3 file. Retry to download it again.</source>
        <translation>Was ankam, ist keine abspielbare MP3-Datei. Laden Sie sie mit „Erneut versuchen“ noch einmal.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The download failed.</source>
        <translation>Der Download ist fehlgeschlagen.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Waiting</source>
        <translation>Wartet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Downloading</source>
        <translation>Wird geladen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Paused</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paused: {reason}</source>
        <translation>Angehalten: {reason}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Failed: {reason}</source>
        <translation>Fehlgeschlagen: {reason}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>“{title}” could not be downloaded: {reason}</source>
        <translation>„{title}“ konnte nicht geladen werden: {reason}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>“{release}” is in your music folder.</source>
        <translation>„{release}“ ist in Ihrem Musikordner.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Downloading tracks: {done} of {total}…</source>
        <translation>Titel werden geladen: {done} von {total} …</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Downloads in the list: {count}</source>
        <translation>Downloads in der Liste: {count}</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>No downloads.</source>
        <translation>Keine Downloads.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{size}/s</source>
        <comment>a download speed, e.g. 1.2 MB/s</comment>
        <translation>{size}/s</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{percent} %</source>
        <comment>download progress</comment>
        <translation>{percent} %</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>“{title}” is not in My music yet; it downloads once the store lists it.</source>
        <translation>„{title}“ ist noch nicht in „Meine Musik“; es wird geladen, sobald der Store es aufführt.</translation>
    </message>
</context>
<context>
    <name>DownloadsModel</name>
    <message>
        <location filename="../../app/ui/downloads_view.py" line="+49"/>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Artist</source>
        <translation>Künstler</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Speed</source>
        <translation>Tempo</translation>
    </message>
</context>
<context>
    <name>DownloadsView</name>
    <message>
        <location line="+179"/>
        <source>Downloads</source>
        <translation>Downloads</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Pause</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Pause the selected downloads</source>
        <translation>Die ausgewählten Downloads anhalten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Resume the selected downloads</source>
        <translation>Die ausgewählten Downloads fortsetzen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel download</source>
        <translation>Download abbrechen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove the selected downloads from the list (Delete)</source>
        <translation>Die ausgewählten Downloads aus der Liste entfernen (Entf)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retry</source>
        <translation>Erneut versuchen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Try the failed downloads again</source>
        <translation>Die fehlgeschlagenen Downloads erneut versuchen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open folder</source>
        <translation>Ordner öffnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open your music folder</source>
        <translation>Ihren Musikordner öffnen</translation>
    </message>
</context>
<context>
    <name>ErrorBanner</name>
    <message>
        <location filename="../../app/ui/errors.py" line="+91"/>
        <source>Retry</source>
        <translation>Erneut versuchen</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location line="-70"/>
        <source>The embedded store&apos;s data is in use by another store that this app cannot reach. Wait a moment and try again, or close the other store. ({detail})</source>
        <translation>Die Daten des integrierten Stores werden von einem anderen Store benutzt, den diese App nicht erreicht. Warten Sie einen Moment und versuchen Sie es erneut, oder beenden Sie den anderen Store. ({detail})</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The store is still starting; try again in a moment</source>
        <translation>Der Store wird noch gestartet; versuchen Sie es gleich noch einmal</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sign-in was cancelled.</source>
        <translation>Die Anmeldung wurde abgebrochen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A track can only be bought with its release.</source>
        <translation>Dieser Titel ist nur mit dem ganzen Album erhältlich.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Your computer&apos;s clock is {minutes} min off, so the store refused the request. Set the correct date and time (automatic time is best), then try again.</source>
        <translation>Die Uhr Ihres Computers geht {minutes} Min. falsch, deshalb hat der Store die Anfrage abgelehnt. Stellen Sie Datum und Uhrzeit richtig ein (am besten automatisch) und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The store sent an unsafe link instead of a secure web page, so nothing was opened. ({detail})</source>
        <translation>Der Store hat statt einer sicheren Webseite einen unsicheren Link geschickt, deshalb wurde nichts geöffnet. ({detail})</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The store could not be reached. Check your connection and try again. ({detail})</source>
        <translation>Der Store ist nicht erreichbar. Prüfen Sie Ihre Internetverbindung und versuchen Sie es erneut. ({detail})</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The store has no such item (any more). ({detail})</source>
        <translation>Diesen Artikel gibt es im Store nicht (mehr). ({detail})</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The store had a problem answering. Trying again in a moment usually helps. ({detail})</source>
        <translation>Beim Store ist ein Problem aufgetreten. Meist hilft es, es gleich noch einmal zu versuchen. ({detail})</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Your sign-in is no longer valid; please sign in again. ({detail})</source>
        <translation>Ihre Anmeldung ist nicht mehr gültig. Bitte melden Sie sich erneut an. ({detail})</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The store refused the request; check the consumer key in Settings. ({detail})</source>
        <translation>Der Store hat die Anfrage abgelehnt. Prüfen Sie den Consumer Key in den Einstellungen. ({detail})</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The store sent an answer this app could not read. ({detail})</source>
        <translation>Der Store hat eine Antwort gesendet, die diese App nicht lesen kann. ({detail})</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The store said: {detail}</source>
        <translation>Meldung des Stores: {detail}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The store took too long to answer. Try again.</source>
        <translation>Der Store hat zu lange nicht geantwortet. Versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A file or network operation failed: {detail}.</source>
        <translation>Ein Datei- oder Netzwerkvorgang ist fehlgeschlagen: {detail}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Something went wrong while talking to the store. Try again.</source>
        <translation>Bei der Verbindung mit dem Store ist etwas schiefgegangen. Versuchen Sie es erneut.</translation>
    </message>
</context>
<context>
    <name>HomeView</name>
    <message>
        <location filename="../../app/ui/home_view.py" line="+36"/>
        <source>Home</source>
        <translation>Startseite</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Discover</source>
        <translation>Entdecken</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+27"/>
        <source>Top releases this week</source>
        <translation>Top-Veröffentlichungen der Woche</translation>
    </message>
    <message>
        <location line="-24"/>
        <source>New releases</source>
        <translation>Neuerscheinungen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Top artists this week</source>
        <translation>Top-Künstler der Woche</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Top tracks this week</source>
        <translation>Top-Titel der Woche</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Browse by genre</source>
        <translation>Nach Genre stöbern</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>d MMM</source>
        <comment>the last day of a chart week (QDate format)</comment>
        <translation>d. MMM</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Top releases, week ending {date}</source>
        <translation>Top-Veröffentlichungen, Woche bis {date}</translation>
    </message>
</context>
<context>
    <name>LockerTreeModel</name>
    <message>
        <location filename="../../app/models/locker.py" line="+14"/>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Artist</source>
        <translation>Künstler</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Purchased</source>
        <translation>Gekauft</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Tracks</source>
        <translation>Titel</translation>
    </message>
    <message numerus="yes">
        <location line="+19"/>
        <source>%n track(s)</source>
        <translation>
            <numerusform>%n Titel</numerusform>
            <numerusform>%n Titel</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LockerView</name>
    <message>
        <location filename="../../app/ui/locker_view.py" line="+48"/>
        <source>My music</source>
        <translation>Meine Musik</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>My music: releases and their tracks</source>
        <translation>Meine Musik: Veröffentlichungen und ihre Titel</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Open release</source>
        <translation>Veröffentlichung öffnen</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+4"/>
        <source>Download</source>
        <translation>Herunterladen</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Copy link</source>
        <translation>Link kopieren</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Download the selected release</source>
        <translation>Das ausgewählte Album herunterladen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Download the selected release into your music folder</source>
        <translation>Das ausgewählte Album in Ihren Musikordner herunterladen</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+2"/>
        <source>Download all</source>
        <translation>Alles herunterladen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Download everything you bought into your music folder</source>
        <translation>Alles Gekaufte in Ihren Musikordner herunterladen</translation>
    </message>
    <message>
        <location line="+127"/>
        <source>Loading…</source>
        <translation>Wird geladen …</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nothing bought yet.</source>
        <translation>Noch nichts gekauft.</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n release(s)</source>
        <translation>
            <numerusform>%n Veröffentlichung</numerusform>
            <numerusform>%n Veröffentlichungen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../../app/composition.py" line="+183"/>
        <source>The new language is used from the next start of the app.</source>
        <translation>Die neue Sprache gilt ab dem nächsten Start der App.</translation>
    </message>
    <message>
        <location line="+92"/>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cache</source>
        <translation>Cache</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Settings…</source>
        <translation>Einstellungen …</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Your settings file could not be read, so the app started with default settings; the file was kept as {name}.</source>
        <translation>Ihre Einstellungsdatei konnte nicht gelesen werden, deshalb wurde die App mit den Standardeinstellungen gestartet; die Datei wurde als {name} aufbewahrt.</translation>
    </message>
    <message>
        <location line="+80"/>
        <source>Queue</source>
        <translation>Warteschlange</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="+32"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Go</source>
        <translation>&amp;Gehe zu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Account</source>
        <translation>&amp;Konto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Playback</source>
        <translation>&amp;Wiedergabe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location line="+23"/>
        <location line="+417"/>
        <source>7digital Browser</source>
        <translation>7digital Browser</translation>
    </message>
    <message>
        <location line="-290"/>
        <source>Connecting to {url}…</source>
        <translation>Verbindung zu {url} wird hergestellt …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Starting the built-in store. The first start builds its catalogue, which takes a few seconds…</source>
        <translation>Der integrierte Store wird gestartet. Beim ersten Start wird sein Katalog erstellt, das dauert ein paar Sekunden …</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>“{link}” is not a 7digital link.</source>
        <translation>„{link}“ ist kein 7digital-Link.</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>Navigation</source>
        <translation>Navigation</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Back</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Forward</source>
        <translation>Vorwärts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Home</source>
        <translation>Startseite</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Store: prices and availability for this country (type to find one)</source>
        <translation>Shop: Preise und Verfügbarkeit für dieses Land (tippen Sie, um eines zu finden)</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Store country</source>
        <translation>Land des Stores</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Talking to the store…</source>
        <translation>Verbindung mit dem Store …</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Search</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>About 7digital Browser</source>
        <translation>Über 7digital Browser</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>Nothing to show for “{location}”.</source>
        <translation>Für „{location}“ gibt es nichts anzuzeigen.</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>{title} — 7digital Browser</source>
        <translation>{title} – 7digital Browser</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Showing the {country} store&apos;s prices and releases.</source>
        <translation>Angezeigt werden Preise und Veröffentlichungen des Stores für {country}.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Looking up that link…</source>
        <translation>Link wird geprüft …</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>That link does not match anything in this store.</source>
        <translation>Zu diesem Link gibt es nichts in diesem Store.</translation>
    </message>
</context>
<context>
    <name>Notifications</name>
    <message>
        <location filename="../../app/ui/notifications.py" line="+34"/>
        <source>Download finished</source>
        <translation>Download abgeschlossen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>“{release}” by {artist} is in your music folder.</source>
        <translation>„{release}“ von {artist} ist in Ihrem Musikordner.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>“{release}” is in your music folder.</source>
        <translation>„{release}“ ist in Ihrem Musikordner.</translation>
    </message>
</context>
<context>
    <name>OwnedAtCheckout</name>
    <message numerus="yes">
        <location filename="../../app/ui/owned_at_checkout.py" line="+87"/>
        <source>and %n more</source>
        <translation>
            <numerusform>und %n weiterer</numerusform>
            <numerusform>und %n weitere</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>You already own %n item(s) in your basket, bought since you added them:</source>
        <translation>
            <numerusform>Sie besitzen %n Artikel in Ihrem Warenkorb bereits, gekauft, nachdem Sie ihn hinzugefügt haben:</numerusform>
            <numerusform>Sie besitzen %n Artikel in Ihrem Warenkorb bereits, gekauft, nachdem Sie sie hinzugefügt haben:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Remove them from the basket before paying?</source>
        <translation>
            <numerusform>Vor dem Bezahlen aus dem Warenkorb entfernen?</numerusform>
            <numerusform>Vor dem Bezahlen aus dem Warenkorb entfernen?</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Checkout</source>
        <translation>Zur Kasse</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Remove and continue</source>
        <translation>Entfernen und fortfahren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Continue anyway</source>
        <translation>Trotzdem fortfahren</translation>
    </message>
</context>
<context>
    <name>PlayerBar</name>
    <message>
        <location filename="../../app/ui/player_bar.py" line="+76"/>
        <source>Player</source>
        <translation>Player</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Previews unavailable</source>
        <translation>Hörproben nicht verfügbar</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Previous (Ctrl+Left)</source>
        <comment>tooltip: previous track</comment>
        <translation>Vorheriger Titel (Strg+Links)</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+143"/>
        <source>Play (Space)</source>
        <comment>tooltip: start the preview</comment>
        <translation>Wiedergabe (Leertaste)</translation>
    </message>
    <message>
        <location line="-141"/>
        <source>Stop</source>
        <comment>tooltip: stop the preview</comment>
        <translation>Stopp</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next (Ctrl+Right)</source>
        <comment>tooltip: next track</comment>
        <translation>Nächster Titel (Strg+Rechts)</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+192"/>
        <source>Mute</source>
        <comment>tooltip: silence the preview</comment>
        <translation>Stumm schalten</translation>
    </message>
    <message>
        <location line="-190"/>
        <source>Previous track</source>
        <translation>Vorheriger Titel</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+136"/>
        <source>Play</source>
        <translation>Abspielen</translation>
    </message>
    <message>
        <location line="-135"/>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Next track</source>
        <translation>Nächster Titel</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+189"/>
        <source>Mute</source>
        <translation>Stumm schalten</translation>
    </message>
    <message>
        <location line="-184"/>
        <source>Cover of the playing release</source>
        <translation>Cover der laufenden Veröffentlichung</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Seek (Left/Right)</source>
        <translation>Spulen (Links/Rechts)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Position</source>
        <translation>Position</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Volume</source>
        <translation>Lautstärke</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Play/Pause</source>
        <comment>menu</comment>
        <translation>Wiedergabe/Pause</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Previous track</source>
        <comment>menu</comment>
        <translation>Vorheriger Titel</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next track</source>
        <comment>menu</comment>
        <translation>Nächster Titel</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Seek back 5 s</source>
        <comment>menu</comment>
        <translation>5 s zurück</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Seek forward 5 s</source>
        <comment>menu</comment>
        <translation>5 s vor</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop</source>
        <comment>menu</comment>
        <translation>Stopp</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Clear queue</source>
        <comment>menu</comment>
        <translation>Warteschlange leeren</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Pause (Space)</source>
        <comment>tooltip: pause the preview</comment>
        <translation>Pause (Leertaste)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Loading…</source>
        <translation>Wird geladen …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Buffering…</source>
        <translation>Puffern …</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Nothing playing</source>
        <translation>Keine Wiedergabe</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Unmute</source>
        <comment>tooltip: sound back on</comment>
        <translation>Ton einschalten</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unmute</source>
        <translation>Ton einschalten</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Volume {percent} %</source>
        <translation>Lautstärke {percent} %</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{elapsed} of {total}</source>
        <comment>seek bar position</comment>
        <translation>{elapsed} von {total}</translation>
    </message>
</context>
<context>
    <name>PlayerMessages</name>
    <message>
        <location filename="../../app/ui/player_messages.py" line="+26"/>
        <source>track {id}</source>
        <comment>a track without a title</comment>
        <translation>Titel {id}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the clip is missing, broke off while downloading, or could not be read</source>
        <translation>die Hörprobe fehlt, wurde beim Herunterladen abgebrochen oder konnte nicht gelesen werden</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the clip is not in a format that can be played</source>
        <translation>die Hörprobe liegt in einem Format vor, das nicht abgespielt werden kann</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the connection to the store failed</source>
        <translation>die Verbindung zum Store ist fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the store refused access to the clip</source>
        <translation>der Store hat den Zugriff auf die Hörprobe verweigert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the player failed</source>
        <translation>im Player ist ein Fehler aufgetreten</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The preview of “{title}” stalled: no audio arrived for {seconds} s. Skipping it.</source>
        <translation>Die Hörprobe von „{title}“ hängt: seit {seconds} s kommt kein Ton an. Sie wird übersprungen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The preview of “{title}” stalled: no audio arrived for {seconds} s.</source>
        <translation>Die Hörprobe von „{title}“ hängt: seit {seconds} s kommt kein Ton an.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Couldn&apos;t play the preview of “{title}”: {reason}. Skipping it.</source>
        <translation>Die Hörprobe von „{title}“ konnte nicht abgespielt werden: {reason}. Sie wird übersprungen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Couldn&apos;t play the preview of “{title}”: {reason}.</source>
        <translation>Die Hörprobe von „{title}“ konnte nicht abgespielt werden: {reason}.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Previews are off: Qt Multimedia could not be loaded ({error}). On Debian/Ubuntu install libpulse0.</source>
        <translation>Hörproben sind deaktiviert: Qt Multimedia konnte nicht geladen werden ({error}). Installieren Sie unter Debian/Ubuntu das Paket libpulse0.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Previews are off: Qt Multimedia has no playback backend (its ffmpeg plugin is missing from this installation).</source>
        <translation>Hörproben sind deaktiviert: Qt Multimedia hat kein Wiedergabe-Backend (das ffmpeg-Plugin fehlt in dieser Installation).</translation>
    </message>
</context>
<context>
    <name>QueueView</name>
    <message>
        <location filename="../../app/ui/queue_view.py" line="+80"/>
        <source>Preview queue</source>
        <translation>Warteschlange der Hörproben</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove the selected tracks (Delete)</source>
        <translation>Ausgewählte Titel entfernen (Entf)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear</source>
        <comment>button: empty the queue</comment>
        <translation>Leeren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Empty the queue and stop</source>
        <translation>Warteschlange leeren und Wiedergabe stoppen</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>Queue is empty</source>
        <translation>Warteschlange ist leer</translation>
    </message>
    <message numerus="yes">
        <location line="+0"/>
        <source>%n track(s)</source>
        <translation>
            <numerusform>%n Titel</numerusform>
            <numerusform>%n Titel</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RegionCycler</name>
    <message>
        <location filename="../../app/ui/accessibility.py" line="+174"/>
        <source>Next region</source>
        <comment>F6: toolbar, page, player, docks</comment>
        <translation>Nächster Bereich</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Previous region</source>
        <translation>Vorheriger Bereich</translation>
    </message>
</context>
<context>
    <name>ReleaseListModel</name>
    <message>
        <location filename="../../app/models/releases.py" line="+80"/>
        <source>Explicit</source>
        <comment>badge: explicit lyrics</comment>
        <translation>Explizit</translation>
    </message>
</context>
<context>
    <name>ReleaseView</name>
    <message>
        <location filename="../../app/ui/release_view.py" line="+99"/>
        <source>Open the artist</source>
        <translation>Künstler öffnen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>EXPLICIT</source>
        <comment>badge</comment>
        <translation>EXPLIZIT</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Explicit content</source>
        <translation>Explizite Inhalte</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>ON SALE</source>
        <comment>badge</comment>
        <translation>REDUZIERT</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+180"/>
        <source>Add release to basket</source>
        <translation>Album in den Warenkorb</translation>
    </message>
    <message>
        <location line="-175"/>
        <location line="+2"/>
        <source>Download</source>
        <translation>Herunterladen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Download the tracks you own into your music folder</source>
        <translation>Ihre gekauften Titel in Ihren Musikordner herunterladen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Preview all</source>
        <translation>Alle vorhören</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{action} ({shortcut})</source>
        <comment>a button&apos;s tooltip: its text and its shortcut</comment>
        <translation>{action} ({shortcut})</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Genres</source>
        <translation>Genres</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>You might also like</source>
        <translation>Das könnte Ihnen auch gefallen</translation>
    </message>
    <message>
        <location line="-4"/>
        <location line="+13"/>
        <source>Tracks</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>d MMMM yyyy</source>
        <comment>a release date (QDate format)</comment>
        <translation>d. MMMM yyyy</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>DRM-free</source>
        <translation>DRM-frei</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Not available in your country</source>
        <translation>In Ihrem Land nicht erhältlich</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>In your library</source>
        <translation>In Ihrer Bibliothek</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>You own this release</source>
        <translation>Dieses Album gehört Ihnen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>In basket</source>
        <translation>Im Warenkorb</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This release is in your basket</source>
        <translation>Dieses Album ist in Ihrem Warenkorb</translation>
    </message>
    <message numerus="yes">
        <location line="+21"/>
        <source>%n track(s), {duration}</source>
        <translation>
            <numerusform>%n Titel, {duration}</numerusform>
            <numerusform>%n Titel, {duration}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Releases</name>
    <message>
        <location filename="../../app/models/releases.py" line="-60"/>
        <source>Not for sale</source>
        <translation>Nicht käuflich</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{title} ({version})</source>
        <comment>a title and its version</comment>
        <translation>{title} ({version})</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Album</source>
        <translation>Album</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Single</source>
        <translation>Single</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>EP</source>
        <translation>EP</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Video</source>
        <translation>Video</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exclusive</source>
        <translation>Exklusiv</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Item</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Release</source>
        <comment>a kind of record, when the store does not say which</comment>
        <translation>Veröffentlichung</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Owned</source>
        <translation>Gekauft</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Some tracks owned</source>
        <translation>Einige Titel gekauft</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>In basket</source>
        <translation>Im Warenkorb</translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <location filename="../../app/ui/search_box.py" line="+27"/>
        <source>Search the store</source>
        <translation>Den Shop durchsuchen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Search</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Clear the search</source>
        <translation>Suche leeren</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Starting the store…</source>
        <translation>Store wird gestartet …</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Search artists, releases and tracks — or paste a 7digital link</source>
        <translation>Künstler, Veröffentlichungen, Titel suchen – oder 7digital-Link einfügen</translation>
    </message>
</context>
<context>
    <name>SearchView</name>
    <message>
        <location filename="../../app/ui/search_view.py" line="+16"/>
        <location line="+82"/>
        <source>Artists</source>
        <translation>Künstler</translation>
    </message>
    <message>
        <location line="-81"/>
        <location line="+81"/>
        <source>Releases</source>
        <translation>Veröffentlichungen</translation>
    </message>
    <message>
        <location line="-80"/>
        <location line="+81"/>
        <source>Tracks</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location line="-80"/>
        <source>No artists match “{query}”.</source>
        <translation>Keine Künstler zu „{query}“ gefunden.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No releases match “{query}”.</source>
        <translation>Keine Veröffentlichungen zu „{query}“ gefunden.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No tracks match “{query}”.</source>
        <translation>Keine Titel zu „{query}“ gefunden.</translation>
    </message>
    <message>
        <location line="+71"/>
        <source>Search the store</source>
        <translation>Im Store suchen</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>{tab} ({count})</source>
        <comment>a search tab and its number of results</comment>
        <translation>{tab} ({count})</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Results for “{query}”</source>
        <translation>Ergebnisse für „{query}“</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search: {query}</source>
        <translation>Suche: {query}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Searching…</source>
        <translation>Suche läuft …</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Nothing found. Try fewer or different words.</source>
        <translation>Nichts gefunden. Versuchen Sie es mit weniger oder anderen Suchbegriffen.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../app/ui/settings_dialog.py" line="+27"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use the built-in demo store (works offline)</source>
        <translation>Integrierten Demo-Store verwenden (funktioniert offline)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use a 7digital API service</source>
        <translation>7digital-API-Dienst verwenden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>https://api.7digital.com/1.2/</source>
        <comment>placeholder: an example service URL (usually kept as it is)</comment>
        <translation>https://api.7digital.com/1.2/</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>unchanged (kept in your keyring)</source>
        <translation>unverändert (im Schlüsselbund gespeichert)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>needed for previews and sign-in</source>
        <translation>für Hörproben und Anmeldung erforderlich</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>System default</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Used from the next start of the app</source>
        <translation>Gilt ab dem nächsten Start der App</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The consumer secret is stored in the system keyring, never in the settings file.</source>
        <translation>Das Consumer Secret wird im Schlüsselbund des Systems gespeichert, nie in der Einstellungsdatei.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Service URL</source>
        <translation>Dienst-URL</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Consumer key</source>
        <translation>Consumer Key</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Consumer secret</source>
        <translation>Consumer Secret</translation>
    </message>
    <message>
        <location line="+36"/>
        <location line="+14"/>
        <location line="+5"/>
        <source>Music folder</source>
        <translation>Musikordner</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>Where purchases are downloaded; empty: your Music folder</source>
        <translation>Wohin Käufe geladen werden; leer: Ihr Musik-Ordner</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose…</source>
        <translation>Auswählen …</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose the music folder</source>
        <translation>Musikordner auswählen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Download purchases automatically</source>
        <translation>Käufe automatisch herunterladen</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>The music folder must be a full path, such as {example}.</source>
        <translation>Der Musikordner muss ein vollständiger Pfad sein, etwa {example}.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>“{path}” is a file, not a folder.</source>
        <translation>„{path}“ ist eine Datei, kein Ordner.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>You can&apos;t write in “{path}”: choose another music folder.</source>
        <translation>In „{path}“ kann nicht geschrieben werden: Wählen Sie einen anderen Musikordner.</translation>
    </message>
    <message>
        <location line="-113"/>
        <location line="+33"/>
        <source>Store country</source>
        <translation>Land des Stores</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
</context>
<context>
    <name>Shopping</name>
    <message>
        <location filename="../../app/ui/shopping.py" line="+94"/>
        <source>No system keyring is available, so your sign-in is kept in {path} (readable only by you).</source>
        <translation>Es ist kein Schlüsselbund des Systems verfügbar, deshalb wird Ihre Anmeldung in {path} gespeichert (nur für Sie lesbar).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The keyring is switched off, so you&apos;ll have to sign in again next time.</source>
        <translation>Der Schlüsselbund ist ausgeschaltet, deshalb müssen Sie sich beim nächsten Mal erneut anmelden.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The system keyring could not be used, so you may have to sign in again next time.</source>
        <translation>Der Schlüsselbund des Systems konnte nicht benutzt werden, deshalb müssen Sie sich beim nächsten Mal eventuell erneut anmelden.</translation>
    </message>
    <message>
        <location line="+17"/>
        <location line="+22"/>
        <source>My music</source>
        <translation>Meine Musik</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Sign in…</source>
        <translation>Anmelden …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sign out</source>
        <translation>Abmelden</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Checkout…</source>
        <translation>Zur Kasse …</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Added “{title}” to your basket.</source>
        <translation>„{title}“ wurde in den Warenkorb gelegt.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Basket</source>
        <translation>Warenkorb</translation>
    </message>
    <message>
        <location line="+96"/>
        <source>Downloads</source>
        <translation>Downloads</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Show downloads</source>
        <translation>Downloads anzeigen</translation>
    </message>
</context>
<context>
    <name>ShoppingMessages</name>
    <message>
        <location filename="../../app/ui/shopping_messages.py" line="+15"/>
        <source>Your saved basket could not be read ({problem}); it was moved to {path} and a new basket was started.</source>
        <translation>Ihr gespeicherter Warenkorb konnte nicht gelesen werden ({problem}). Er wurde nach {path} verschoben und ein neuer Warenkorb angelegt.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>“{title}” is already in your basket.</source>
        <translation>„{title}“ ist bereits in Ihrem Warenkorb.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>You already own “{title}”.</source>
        <translation>„{title}“ gehört Ihnen bereits.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>“{title}” is on “{release}”, which is already in your basket.</source>
        <translation>„{title}“ ist auf „{release}“, das bereits in Ihrem Warenkorb liegt.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Your basket couldn&apos;t be saved ({detail}).</source>
        <translation>Ihr Warenkorb konnte nicht gespeichert werden ({detail}).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Not available in the {country} store, so removed from your basket: {names}.</source>
        <translation>Im Store für {country} nicht erhältlich und daher aus Ihrem Warenkorb entfernt: {names}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not available in this store, so removed from your basket: {names}.</source>
        <translation>In diesem Store nicht erhältlich und daher aus Ihrem Warenkorb entfernt: {names}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Your basket was renewed at the store, which had forgotten it; nothing in it was lost.</source>
        <translation>Ihr Warenkorb wurde im Store neu angelegt, weil der Store ihn nicht mehr kannte; es ist nichts verloren gegangen.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Your basket already holds these tracks of “{release}”: {names}.</source>
        <translation>Ihr Warenkorb enthält bereits diese Titel von „{release}“: {names}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The whole release costs {price}, {difference} less than those tracks ({tracks}).</source>
        <translation>Das ganze Album kostet {price}, {difference} weniger als diese Titel ({tracks}).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The whole release costs {price}, {difference} more than those tracks ({tracks}).</source>
        <translation>Das ganze Album kostet {price}, {difference} mehr als diese Titel ({tracks}).</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Add it to your basket anyway?</source>
        <translation>Trotzdem in den Warenkorb legen?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add anyway</source>
        <translation>Trotzdem hinzufügen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Replace those tracks with the whole release?</source>
        <translation>Diese Titel durch das ganze Album ersetzen?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Replace with release</source>
        <translation>Durch Album ersetzen</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Your sign-in has expired. Sign in again to continue.</source>
        <translation>Ihre Anmeldung ist abgelaufen. Melden Sie sich erneut an, um fortzufahren.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sign in to your 7digital account to check out.</source>
        <translation>Melden Sie sich bei Ihrem 7digital-Konto an, um zur Kasse zu gehen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sign in to see the music you bought.</source>
        <translation>Melden Sie sich an, um Ihre gekaufte Musik zu sehen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sign in to your 7digital account to continue.</source>
        <translation>Melden Sie sich bei Ihrem 7digital-Konto an, um fortzufahren.</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <location filename="../../app/ui/shortcuts_dialog.py" line="+24"/>
        <source>{action} ({keys})</source>
        <comment>tooltip: an action and its key</comment>
        <translation>{action} ({keys})</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Elsewhere</source>
        <translation>Sonstige</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location line="+10"/>
        <location line="+6"/>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <location line="-4"/>
        <location line="+1"/>
        <source>Find a shortcut</source>
        <translation>Tastenkürzel suchen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../app/ui/sign_in_dialog.py" line="+22"/>
        <source>That email address and password don&apos;t match a 7digital account. Check them and try again.</source>
        <translation>E-Mail-Adresse und Passwort passen zu keinem 7digital-Konto. Prüfen Sie Ihre Eingaben und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The store lets this app sign you in only through your web browser, so sign-in continues there.</source>
        <translation>Der Shop erlaubt dieser App die Anmeldung nur über Ihren Webbrowser, daher geht die Anmeldung dort weiter.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The store refused this app&apos;s consumer key or secret, so nobody can sign in with them. Check them in Settings. ({detail})</source>
        <translation>Der Shop hat den Consumer Key oder das Secret dieser App abgelehnt, damit kann sich niemand anmelden. Prüfen Sie sie in den Einstellungen. ({detail})</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>You declined the sign-in in the browser.</source>
        <translation>Sie haben die Anmeldung im Browser abgelehnt.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The sign-in in your browser wasn&apos;t finished within {minutes} min. Try again.</source>
        <translation>Die Anmeldung in Ihrem Browser wurde nicht innerhalb von {minutes} min abgeschlossen. Versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This account can&apos;t sign in right now ({reason}). Try again later.</source>
        <translation>Mit diesem Konto ist derzeit keine Anmeldung möglich ({reason}). Versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The store refused the sign-in: {reason}. Try again.</source>
        <translation>Der Shop hat die Anmeldung abgelehnt: {reason}. Versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The store didn&apos;t accept that email address and password: {detail}</source>
        <translation>Der Store hat E-Mail-Adresse und Passwort nicht akzeptiert: {detail}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Sign in to 7digital</source>
        <translation>Bei 7digital anmelden</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>7digital sign-in</source>
        <translation>7digital-Anmeldung</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>You can close this tab and return to the app.</source>
        <translation>Sie können diesen Tab schließen und zur App zurückkehren.</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>you@example.com</source>
        <comment>placeholder: an example email address</comment>
        <translation>name@beispiel.de</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Sign in with your &amp;browser</source>
        <translation>Mit Ihrem &amp;Browser anmelden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sign in with your browser</source>
        <translation>Mit Ihrem Browser anmelden</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Sign in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <location line="-18"/>
        <location line="+26"/>
        <source>Email</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <location line="-22"/>
        <location line="+23"/>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+77"/>
        <source>Waiting for you to sign in in your browser…</source>
        <translation>Warten auf Ihre Anmeldung im Browser …</translation>
    </message>
    <message>
        <location line="-74"/>
        <source>&amp;Open again</source>
        <translation>Erneut ö&amp;ffnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the sign-in page in the browser again</source>
        <translation>Die Anmeldeseite erneut im Browser öffnen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Copy link</source>
        <translation>Link &amp;kopieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the sign-in page&apos;s link</source>
        <translation>Den Link der Anmeldeseite kopieren</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Stop waiting for the browser</source>
        <translation>Nicht mehr auf den Browser warten</translation>
    </message>
    <message>
        <location line="+46"/>
        <location line="+18"/>
        <source>No web browser could be opened. Copy the link and open it in your browser to sign in.</source>
        <translation>Es konnte kein Webbrowser geöffnet werden. Kopieren Sie den Link und öffnen Sie ihn in Ihrem Browser, um sich anzumelden.</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>Link copied.</source>
        <translation>Link kopiert.</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Signing in…</source>
        <translation>Anmeldung läuft …</translation>
    </message>
</context>
<context>
    <name>StartupPage</name>
    <message>
        <location filename="../../app/ui/startup_page.py" line="+16"/>
        <location line="+19"/>
        <source>Opening the store</source>
        <translation>Store wird geöffnet</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>Starting…</source>
        <translation>Wird gestartet …</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Try again</source>
        <translation>Erneut versuchen</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>The store could not be opened</source>
        <translation>Der Store konnte nicht geöffnet werden</translation>
    </message>
</context>
<context>
    <name>TagListModel</name>
    <message numerus="yes">
        <location filename="../../app/models/tags.py" line="+16"/>
        <source>%Ln release(s)</source>
        <translation>
            <numerusform>%Ln Veröffentlichung</numerusform>
            <numerusform>%Ln Veröffentlichungen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TagView</name>
    <message>
        <location filename="../../app/ui/tag_view.py" line="+43"/>
        <source>Newest</source>
        <comment>sort order</comment>
        <translation>Neueste</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Most popular</source>
        <comment>sort order</comment>
        <translation>Beliebteste</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Releases</source>
        <translation>Veröffentlichungen</translation>
    </message>
    <message numerus="yes">
        <location line="+19"/>
        <source>%Ln release(s)</source>
        <translation>
            <numerusform>%Ln Veröffentlichung</numerusform>
            <numerusform>%Ln Veröffentlichungen</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No releases carry this genre in this store.</source>
        <translation>In diesem Shop gibt es keine Veröffentlichungen mit diesem Genre.</translation>
    </message>
</context>
<context>
    <name>TrackTable</name>
    <message>
        <location filename="../../app/ui/track_table.py" line="+106"/>
        <location line="+78"/>
        <source>Add to basket</source>
        <translation>In den Warenkorb</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>Preview</source>
        <comment>context menu: play the preview</comment>
        <translation>Vorhören</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Play next</source>
        <comment>context menu: queue after the current preview</comment>
        <translation>Als Nächstes abspielen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add to queue</source>
        <comment>context menu: queue at the end</comment>
        <translation>Zur Warteschlange hinzufügen</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+3"/>
        <source>Go to {name}</source>
        <translation>Gehe zu {name}</translation>
    </message>
</context>
<context>
    <name>TrackTableModel</name>
    <message>
        <location filename="../../app/models/tracks.py" line="+44"/>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Artist</source>
        <translation>Künstler</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Release</source>
        <translation>Album</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Price</source>
        <translation>Preis</translation>
    </message>
    <message>
        <location line="+173"/>
        <source>Preview</source>
        <comment>column header, read by screen readers</comment>
        <translation>Hörprobe</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Basket</source>
        <comment>column header, read by screen readers</comment>
        <translation>Warenkorb</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Enter plays the preview, Ctrl+B adds to the basket, the Menu key shows more</source>
        <translation>Eingabe spielt die Hörprobe, Strg+B legt in den Warenkorb, die Menütaste zeigt mehr</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>[E]</source>
        <comment>badge: explicit lyrics</comment>
        <translation>[E]</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Add “{title}” to the basket</source>
        <translation>„{title}“ in den Warenkorb legen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{title}, explicit</source>
        <comment>a track with explicit lyrics</comment>
        <translation>{title}, explizit</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Previews are unavailable</source>
        <translation>Hörproben sind nicht verfügbar</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Preview from {date}</source>
        <translation>Hörprobe ab {date}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No preview in your country</source>
        <translation>Keine Hörprobe in Ihrem Land</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Preview “{title}” (30 s)</source>
        <translation>„{title}“ vorhören (30 s)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>You own “{title}”</source>
        <translation>„{title}“ gehört Ihnen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>“{title}” is in your basket</source>
        <translation>„{title}“ ist in Ihrem Warenkorb</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not available in your country</source>
        <translation>In Ihrem Land nicht erhältlich</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add “{title}” to the basket (Ctrl+B)</source>
        <translation>„{title}“ in den Warenkorb legen (Strg+B)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open the artist</source>
        <translation>Künstler öffnen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open the release</source>
        <translation>Album öffnen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>On sale: {price} (was {old_price})</source>
        <translation>Reduziert: {price} (statt {old_price})</translation>
    </message>
</context>
</TS>

<?xml version='1.0' encoding='UTF-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>BasketBadge</name>
    <message numerus="yes">
        <location filename="../../app/ui/basket_panel.py" line="+287"/>
        <source>%n item(s) in your basket</source>
        <translation>
            <numerusform>%n item in your basket</numerusform>
            <numerusform>%n items in your basket</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LockerTreeModel</name>
    <message numerus="yes">
        <location filename="../../app/models/locker.py" line="+34"/>
        <source>%n track(s)</source>
        <translation>
            <numerusform>%n track</numerusform>
            <numerusform>%n tracks</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LockerView</name>
    <message numerus="yes">
        <location filename="../../app/ui/locker_view.py" line="+223"/>
        <source>%n release(s)</source>
        <translation>
            <numerusform>%n release</numerusform>
            <numerusform>%n releases</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OwnedAtCheckout</name>
    <message numerus="yes">
        <location filename="../../app/ui/owned_at_checkout.py" line="+87"/>
        <source>and %n more</source>
        <translation>
            <numerusform>and %n more</numerusform>
            <numerusform>and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>You already own %n item(s) in your basket, bought since you added them:</source>
        <translation>
            <numerusform>You already own %n item in your basket, bought since you added them:</numerusform>
            <numerusform>You already own %n items in your basket, bought since you added them:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Remove them from the basket before paying?</source>
        <translation>
            <numerusform>Remove it from the basket before paying?</numerusform>
            <numerusform>Remove them from the basket before paying?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QueueView</name>
    <message numerus="yes">
        <location filename="../../app/ui/queue_view.py" line="+161"/>
        <source>%n track(s)</source>
        <translation>
            <numerusform>%n track</numerusform>
            <numerusform>%n tracks</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReleaseView</name>
    <message numerus="yes">
        <location filename="../../app/ui/release_view.py" line="+316"/>
        <source>%n track(s), {duration}</source>
        <translation>
            <numerusform>%n track, {duration}</numerusform>
            <numerusform>%n tracks, {duration}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TagListModel</name>
    <message numerus="yes">
        <location filename="../../app/models/tags.py" line="+16"/>
        <source>%Ln release(s)</source>
        <translation>
            <numerusform>%Ln release</numerusform>
            <numerusform>%Ln releases</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TagView</name>
    <message numerus="yes">
        <location filename="../../app/ui/tag_view.py" line="+69"/>
        <source>%Ln release(s)</source>
        <translation>
            <numerusform>%Ln release</numerusform>
            <numerusform>%Ln releases</numerusform>
        </translation>
    </message>
</context>
</TS>
"""The touchscreen kiosk of an office: tickets, meter readings, information, feedback.

A Flask blueprint (:mod:`kiosk.web`) serving one page that runs every screen
in vanilla JavaScript against the public REST API and Socket.IO.
"""

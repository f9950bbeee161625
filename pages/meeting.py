"""Mötesläge: a chosen sequence of views full screen for the trygghetsråd (lagesbild.ui_meeting draws
both the set-up and the presentation; the URL holds the whole state)."""
from lagesbild import ui_meeting

if ui_meeting.presenting():
    ui_meeting.present()
else:
    ui_meeting.setup()

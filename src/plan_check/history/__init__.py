"""``--history FILE``: every run of ``validate`` kept in a store, the plan's year as a
series. ``store`` is the interface (a Protocol a server database can implement too),
``sqlite`` the one-file store a bureau copies and backs up, ``runs`` what a report
becomes in the store and back (the previous run, the series)."""

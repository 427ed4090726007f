"""Small widgets shared by kcdesk's pages and dialogs."""

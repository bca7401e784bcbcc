"""From the files under sources/ and styles/ to the checked model, every problem located."""

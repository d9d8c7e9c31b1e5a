"""What each command shows: results turned into Reports, one module per command."""

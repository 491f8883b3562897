"""Pictures of clipped pages (`jianbao show`) and the PDF/scan bench commands."""

"""Evidence at hand: a source's archived text, its passages, and what they say.

``texts`` turns a PDF, HTML page or plain-text file into archived text (with page
boundaries for PDFs); ``passages`` cuts it into passages with locators and ranks
them for a statement with BM25; ``numbers`` compares the quantities a statement
states with those a passage states; ``quotes`` finds a quoted sentence in the text.
"""

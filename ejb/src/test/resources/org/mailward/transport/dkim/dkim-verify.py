# Verifies every DKIM-Signature of the message on standard input with dkimpy (Debian's python3-dkim),
# looking keys up in the TXT records given as JSON in the first argument ({"name": "record"}) instead
# of in DNS. Prints a JSON list with one object per signature, top to bottom.
import json
import logging
import sys

import dkim

records = {name.rstrip('.').lower(): record for name, record in json.loads(sys.argv[1]).items()}
message = sys.stdin.buffer.read()


def txt(name, timeout=5):
    record = records.get(name.decode('ascii').rstrip('.').lower())
    return None if record is None else record.encode('ascii')


class Reasons(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def text(value):
    return None if value is None else value.decode('ascii', 'replace')


results = []
signatures = [name for name, _ in dkim.DKIM(message).headers if name.lower() == b'dkim-signature']
for index in range(len(signatures)):
    reasons = Reasons()
    logger = logging.getLogger('dkim-verify-%d' % index)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    logger.addHandler(reasons)
    verifier = dkim.DKIM(message, logger=logger)
    try:
        passed = bool(verifier.verify(idx=index, dnsfunc=txt))
    except dkim.DKIMException as e:
        passed = False
        reasons.messages.append('%s: %s' % (type(e).__name__, e))
    fields = verifier.signature_fields or {}
    reason = '; '.join(reasons.messages) or ('verified' if passed else 'the signature does not match the message')
    results.append({'d': text(fields.get(b'd')), 's': text(fields.get(b's')), 'a': text(fields.get(b'a')),
                    'pass': passed, 'reason': reason})
print(json.dumps(results))

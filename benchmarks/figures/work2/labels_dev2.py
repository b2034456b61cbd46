# Labels for the DEV2 part (written after test2.jsonl was frozen).
from common2 import *
N_SHARE="a fraction standing alone is read as a share (per cent)"
N_SOME="'some X' = about X"
N_EST="'an estimated' is not a hedge"
N_PC="Hansard prints 'per cent.' with a full stop"
N_HM="Hansard's style: the digits after the point are minutes"
N_FEW="'a few' = 3 as a lower bound"
N_SEV="'several' read like 'a few': 3 as a lower bound"
N_OLDGBP="pre-decimal money written in pounds (20s = £1, 12d = 1s)"
N_OUT="'X in Y' / 'X out of Y' read as a share (per cent), like a fraction"
N_VOA="VOA radio-script style: numbers written with '-thousand'/'-hundred' and hyphens"
N_TIMES="no noun: 'times/<period>' as the brief says"
L = {

# The one place Vow's version is written: the whole project and the SDK
# configured alone (sdk/ as the top project) both read it.
set(VOW_VERSION 0.1.0)

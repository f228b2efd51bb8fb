# Sourced by bench/lighthouse and bench/interactive: a Chinese font, as every reader's device has.
# Without one Chromium draws the zones' Chinese names as empty boxes after a fontconfig search per
# character, which made the map page's layout three times as long as with one: a cost no reader
# pays, so it is kept out of the figures. WenQuanYi Micro Hei (1.6 MB) is Debian's smallest.
ensure_cjk_font() {
  [ -n "$(fc-list :lang=zh 2>/dev/null)" ] && return 0
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei >/dev/null
  else
    echo "$0: no Chinese font (apt-get install fonts-wqy-microhei): layout times will be inflated" >&2
  fi
}

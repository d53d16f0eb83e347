#include "serve/customer_route.hpp"

namespace vow::serve {

std::string answer_customer_page(const std::vector<CustomerCredential>& customers, std::string_view presented,
                                 httplib::Response& res,
                                 const std::function<CustomerView(const std::string& customer)>& figures) {
  // The dashboard's policy: no inline script or style, nothing from elsewhere, no framing.
  res.set_header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
  res.set_header("X-Content-Type-Options", "nosniff");
  // The address is the key: no copy kept, and never sent on as a Referer.
  res.set_header("Cache-Control", "no-store");
  res.set_header("Referrer-Policy", "no-referrer");
  const CustomerCredential* who = find_customer(customers, presented);
  if (!who) {
    res.status = 404;
    res.set_content(customer_not_found_page(), "text/html; charset=utf-8");
    return "";
  }
  res.set_content(customer_page(figures(who->customer)), "text/html; charset=utf-8");
  return who->customer;
}

}  // namespace vow::serve
